# Linux (and other freedesktop.org systems): FHS layout via GNUInstallDirs, DEB and TGZ packages.
# Included from installers/CMakeLists.txt; paths are relative to the install prefix, which is /usr
# in the DEB and the archive's top folder in the TGZ.

install(TARGETS trailwarden-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

install(DIRECTORY ${TRAILWARDEN_SAMPLE_SOURCE_DIR}/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/trailwarden/sample
        # Git metadata of the source tree, not data.
        PATTERN .gitattributes EXCLUDE)

# Debian policy wants man pages gzipped; -n leaves the name and time out of the gzip header so the
# package is reproducible. Without gzip the page is installed as written (man reads both).
set(_tw_man_source ${CMAKE_CURRENT_SOURCE_DIR}/man/trailwarden-cli.1)
find_program(TRAILWARDEN_GZIP gzip)
if(TRAILWARDEN_GZIP)
    set(_tw_man_page ${CMAKE_CURRENT_BINARY_DIR}/trailwarden-cli.1.gz)
    add_custom_command(
        OUTPUT ${_tw_man_page}
        COMMAND ${CMAKE_COMMAND} -E copy ${_tw_man_source} ${CMAKE_CURRENT_BINARY_DIR}/trailwarden-cli.1
        COMMAND ${TRAILWARDEN_GZIP} -9nf ${CMAKE_CURRENT_BINARY_DIR}/trailwarden-cli.1
        DEPENDS ${_tw_man_source}
        COMMENT "Compressing the trailwarden-cli man page"
        VERBATIM)
    add_custom_target(trailwarden_man ALL DEPENDS ${_tw_man_page})
else()
    set(_tw_man_page ${_tw_man_source})
endif()
install(FILES ${_tw_man_page} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# Desktop integration only makes sense with the GUI: the .desktop file launches it and the
# AppStream metainfo describes it (launchable).
if(TARGET trailwarden)
    install(TARGETS trailwarden RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
    install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/linux/${TRAILWARDEN_APP_ID}.desktop
            DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
    install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/linux/${TRAILWARDEN_APP_ID}.metainfo.xml
            DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
    install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/icons/trailwarden.svg
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
    foreach(_tw_size IN ITEMS 16 22 24 32 48 64 128 256 512)
        install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/icons/trailwarden-${_tw_size}.png
                DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${_tw_size}x${_tw_size}/apps
                RENAME trailwarden.png)
    endforeach()
endif()

set(CPACK_GENERATOR "DEB;TGZ")
# e.g. trailwarden-0.1.0-Linux-x86_64.tar.gz: the archive holds binaries for one architecture.
set(CPACK_SYSTEM_NAME "Linux-${CMAKE_SYSTEM_PROCESSOR}")

set(CPACK_DEBIAN_PACKAGE_NAME "trailwarden")
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # trailwarden_<version>-<release>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "TrailWarden developers <dev@trailwarden.invalid>")
set(CPACK_DEBIAN_PACKAGE_SECTION "utils")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
# Depends is computed from the ELF files by dpkg-shlibdeps (needs dpkg-dev and file), so it names
# exactly the Qt, libdeflate and libstdc++ versions the binaries were linked against.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE "xz")
# 0755/0644 on control files, as dpkg and lintian expect.
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
