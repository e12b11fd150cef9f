# SPDX-License-Identifier: GPL-3.0-or-later

# Windows: an NSIS installer and a ZIP (WiX MSI on request), with the Qt runtime deployed by
# windeployqt. Not built or tested by this project's CI; see installers/README.md.
# Included from installers/CMakeLists.txt; paths are relative to the install folder
# (C:\Program Files\TrailWarden by default): bin\ holds the programs and their DLLs.

include(InstallRequiredSystemLibraries) # the MSVC runtime DLLs, so no vc_redist is needed

# Non-Qt DLLs the programs link (simdjson, libdeflate when they come as DLLs, e.g. from vcpkg) are
# found by CMake's runtime-dependency scan and copied next to the programs. Qt's own DLLs are left
# to windeployqt below, which also brings the plugins they load; Windows' DLLs stay where they are.
set(TRAILWARDEN_WINDOWS_DLL_DIRS "" CACHE STRING
    "Extra folders where the runtime-dependency scan looks for DLLs (e.g. vcpkg's installed/<triplet>/bin)")
install(TARGETS trailwarden-cli
        RUNTIME_DEPENDENCY_SET trailwarden_runtime
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(RUNTIME_DEPENDENCY_SET trailwarden_runtime
        DESTINATION ${CMAKE_INSTALL_BINDIR}
        PRE_EXCLUDE_REGEXES "^api-ms-" "^ext-ms-" "^[Qq]t6"
        POST_EXCLUDE_REGEXES "[Ss]ystem32/"
        DIRECTORIES ${TRAILWARDEN_WINDOWS_DLL_DIRS})

install(DIRECTORY ${TRAILWARDEN_SAMPLE_SOURCE_DIR}/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/trailwarden/sample
        PATTERN .gitattributes EXCLUDE)

if(TARGET trailwarden)
    # A windowed program: without this Windows opens a console window behind it.
    set_target_properties(trailwarden PROPERTIES WIN32_EXECUTABLE ON)
    install(TARGETS trailwarden RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
    # The GUI uses a superset of the CLI's Qt modules, so deploying it serves both programs.
    set(_tw_deploy_target trailwarden)
    # Start menu shortcut (NSIS), from bin\trailwarden.exe.
    set(CPACK_PACKAGE_EXECUTABLES "trailwarden" "TrailWarden")
    set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\trailwarden.exe")
else()
    set(_tw_deploy_target trailwarden-cli)
endif()

# Qt's deployment API (Qt 6.3+) writes a script that runs windeployqt on the installed program:
# Qt DLLs, the platform and style plugins, qt.conf. It runs at install time, so cpack gets it too.
qt_generate_deploy_app_script(
    TARGET ${_tw_deploy_target}
    FILENAME_VARIABLE _tw_deploy_script
    # A static Qt has nothing to deploy: skip instead of failing.
    NO_UNSUPPORTED_PLATFORM_ERROR)
install(SCRIPT ${_tw_deploy_script})

set(CPACK_GENERATOR "NSIS;ZIP")
option(TRAILWARDEN_WIX "Also build an MSI with WiX (WiX Toolset 3 on PATH)" OFF)
if(TRAILWARDEN_WIX)
    list(APPEND CPACK_GENERATOR WIX)
    # Fixed for the life of the product: Windows uses it to replace an older TrailWarden MSI.
    set(CPACK_WIX_UPGRADE_GUID "339604FD-E2A7-489B-A3B6-020E56C3CAA9")
    set(CPACK_WIX_PROGRAM_MENU_FOLDER "TrailWarden")
endif()

set(CPACK_SYSTEM_NAME "windows-x64")
set(CPACK_NSIS_PACKAGE_NAME "TrailWarden")
set(CPACK_NSIS_DISPLAY_NAME "TrailWarden ${PROJECT_VERSION}")
set(CPACK_NSIS_URL_INFO_ABOUT "${PROJECT_HOMEPAGE_URL}")
set(CPACK_NSIS_CONTACT "dev@trailwarden.invalid")
# Offer to put bin\ on PATH, so trailwarden-cli works from a terminal and scheduled tasks.
set(CPACK_NSIS_MODIFY_PATH ON)
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_MANIFEST_DPI_AWARE ON)
