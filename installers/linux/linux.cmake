# SPDX-License-Identifier: GPL-3.0-or-later

# Linux (and other freedesktop.org systems): FHS layout via GNUInstallDirs, DEB and TGZ packages.
# Included from installers/CMakeLists.txt; paths are relative to the install prefix, which is /usr
# in the DEB and the archive's top folder in the TGZ.

install(TARGETS trailwarden-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

install(DIRECTORY ${TRAILWARDEN_SAMPLE_SOURCE_DIR}/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/trailwarden/sample
        # Git metadata of the source tree, not data.
        PATTERN .gitattributes EXCLUDE)

# Debian policy wants man pages gzipped; -n leaves the name and time out of the gzip header so the
# package is reproducible. Without gzip a page is installed as written (man reads both).
find_program(TRAILWARDEN_GZIP gzip)
function(trailwarden_install_man_page name)
    set(source ${CMAKE_CURRENT_SOURCE_DIR}/man/${name})
    if(TRAILWARDEN_GZIP)
        set(page ${CMAKE_CURRENT_BINARY_DIR}/${name}.gz)
        add_custom_command(
            OUTPUT ${page}
            COMMAND ${CMAKE_COMMAND} -E copy ${source} ${CMAKE_CURRENT_BINARY_DIR}/${name}
            COMMAND ${TRAILWARDEN_GZIP} -9nf ${CMAKE_CURRENT_BINARY_DIR}/${name}
            DEPENDS ${source}
            COMMENT "Compressing the ${name} man page"
            VERBATIM)
        string(MAKE_C_IDENTIFIER "trailwarden_man_${name}" target)
        add_custom_target(${target} ALL DEPENDS ${page})
    else()
        set(page ${source})
    endif()
    install(FILES ${page} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endfunction()

trailwarden_install_man_page(trailwarden-cli.1)

# The licence, as Debian policy wants it: a machine-readable copyright file (DEP-5) in
# /usr/share/doc/<package>/, which points at the system's copy of the GPL-3 text.
install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/linux/copyright
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/trailwarden)

# The GUI and what only makes sense with it: its man page, the .desktop file that launches it,
# the AppStream metainfo that describes it (launchable), the icons.
if(TARGET trailwarden)
    install(TARGETS trailwarden RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
    trailwarden_install_man_page(trailwarden.1)
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
