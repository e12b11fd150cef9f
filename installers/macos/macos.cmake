# SPDX-License-Identifier: GPL-3.0-or-later

# macOS: TrailWarden.app on a drag-and-drop disk image, with the Qt frameworks deployed by
# macdeployqt. Not built or tested by this project's CI; see installers/README.md.
# Included from installers/CMakeLists.txt.

if(NOT TARGET trailwarden)
    # CLI-only build: a plain bin/ + share/ archive; Qt is expected on the machine (Homebrew).
    install(TARGETS trailwarden-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
    install(DIRECTORY ${TRAILWARDEN_SAMPLE_SOURCE_DIR}/
            DESTINATION ${CMAKE_INSTALL_DATADIR}/trailwarden/sample
            PATTERN .gitattributes EXCLUDE)
    set(CPACK_GENERATOR "TGZ")
    return()
endif()

set(_tw_bundle "TrailWarden.app")

set_target_properties(trailwarden PROPERTIES
    MACOSX_BUNDLE ON
    # The bundle, the Dock and the menu bar show this name; the build tree gets TrailWarden.app.
    OUTPUT_NAME "TrailWarden"
    MACOSX_BUNDLE_INFO_PLIST "${CMAKE_CURRENT_SOURCE_DIR}/macos/Info.plist.in"
    MACOSX_BUNDLE_GUI_IDENTIFIER "${TRAILWARDEN_APP_ID}"
    MACOSX_BUNDLE_BUNDLE_NAME "TrailWarden"
    MACOSX_BUNDLE_BUNDLE_VERSION "${PROJECT_VERSION}"
    MACOSX_BUNDLE_SHORT_VERSION_STRING "${PROJECT_VERSION}"
    MACOSX_BUNDLE_ICON_FILE "trailwarden.icns"
    MACOSX_BUNDLE_COPYRIGHT "TrailWarden developers")
install(TARGETS trailwarden BUNDLE DESTINATION .)

# The CLI travels inside the bundle, so one drag installs both and it uses the bundle's Qt
# frameworks; users link it onto their PATH (see installers/README.md).
install(TARGETS trailwarden-cli RUNTIME DESTINATION ${_tw_bundle}/Contents/MacOS)
set_target_properties(trailwarden-cli PROPERTIES INSTALL_RPATH "@executable_path/../Frameworks")

install(DIRECTORY ${TRAILWARDEN_SAMPLE_SOURCE_DIR}/
        DESTINATION ${_tw_bundle}/Contents/Resources/sample
        PATTERN .gitattributes EXCLUDE)

# The .icns is built from the committed PNGs with iconutil, which every macOS has, so no
# generated icon file needs to be committed.
find_program(TRAILWARDEN_ICONUTIL iconutil REQUIRED)
set(_tw_iconset "${CMAKE_CURRENT_BINARY_DIR}/trailwarden.iconset")
set(_tw_icns "${CMAKE_CURRENT_BINARY_DIR}/trailwarden.icns")
set(_tw_iconset_copies "")
set(_tw_iconset_pngs "")
# <pixels>:<name in the iconset>, as iconutil expects them (@2x = the same points at double density).
foreach(_tw_entry IN ITEMS 16:16x16 32:16x16@2x 32:32x32 64:32x32@2x 128:128x128 256:128x128@2x
                           256:256x256 512:256x256@2x 512:512x512)
    string(REPLACE ":" ";" _tw_entry "${_tw_entry}")
    list(GET _tw_entry 0 _tw_px)
    list(GET _tw_entry 1 _tw_name)
    set(_tw_png "${CMAKE_CURRENT_SOURCE_DIR}/icons/trailwarden-${_tw_px}.png")
    list(APPEND _tw_iconset_pngs "${_tw_png}")
    list(APPEND _tw_iconset_copies COMMAND ${CMAKE_COMMAND} -E copy "${_tw_png}" "${_tw_iconset}/icon_${_tw_name}.png")
endforeach()
add_custom_command(
    OUTPUT "${_tw_icns}"
    COMMAND ${CMAKE_COMMAND} -E rm -rf "${_tw_iconset}"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${_tw_iconset}"
    ${_tw_iconset_copies}
    COMMAND ${TRAILWARDEN_ICONUTIL} --convert icns --output "${_tw_icns}" "${_tw_iconset}"
    DEPENDS ${_tw_iconset_pngs}
    COMMENT "Building trailwarden.icns"
    VERBATIM)
add_custom_target(trailwarden_icns ALL DEPENDS "${_tw_icns}")
install(FILES "${_tw_icns}" DESTINATION ${_tw_bundle}/Contents/Resources)

# Qt's deployment API (Qt 6.3+) writes a script that runs macdeployqt on the installed bundle:
# frameworks and plugins into Contents/, install names rewritten.
qt_generate_deploy_app_script(
    TARGET trailwarden
    FILENAME_VARIABLE _tw_deploy_script)
install(SCRIPT ${_tw_deploy_script})

set(CPACK_GENERATOR "DragNDrop")
set(CPACK_SYSTEM_NAME "macOS")
set(CPACK_DMG_VOLUME_NAME "TrailWarden")
