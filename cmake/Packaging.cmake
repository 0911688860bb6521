# Installed like a real tool: the man page and the bash, zsh and fish
# completions, generated at build time by the built binary
# (`ckimport --generate ...`, from the same CLI definitions as --help), their
# install rules, the Debian copyright and changelog, and CPack's Debian
# package:
#
#   cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DCKIMPORT_TESTS=OFF -DCMAKE_INSTALL_PREFIX=/usr
#   cmake --build build-release -j && (cd build-release && cpack -G DEB)
#
# tests/packaging/package.sh builds that package and runs lintian on it.
include(GNUInstallDirs)

set(CKIMPORT_PACKAGE_MAINTAINER "ckimport authors <ckimport@example.org>" CACHE STRING
  "The Debian package's Maintainer field (a placeholder: set it for a release)")

find_program(CKIMPORT_GZIP gzip REQUIRED)

# Dates (the man page's, the changelog's): SOURCE_DATE_EPOCH when set, else
# the last commit's time, else now. The same sources give the same files.
if(DEFINED ENV{SOURCE_DATE_EPOCH})
  set(_ckimport_epoch "$ENV{SOURCE_DATE_EPOCH}")
else()
  execute_process(COMMAND git -C "${PROJECT_SOURCE_DIR}" log -1 --format=%ct
    OUTPUT_VARIABLE _ckimport_epoch OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE _ckimport_git)
  if(NOT _ckimport_git EQUAL 0 OR NOT _ckimport_epoch MATCHES "^[0-9]+$")
    string(TIMESTAMP _ckimport_epoch "%s" UTC)
  endif()
endif()
# string(TIMESTAMP) reads the time from SOURCE_DATE_EPOCH.
set(_ckimport_saved_epoch "$ENV{SOURCE_DATE_EPOCH}")
set(ENV{SOURCE_DATE_EPOCH} "${_ckimport_epoch}")
string(TIMESTAMP _ckimport_changelog_date "%a, %d %b %Y %H:%M:%S +0000" UTC)
set(ENV{SOURCE_DATE_EPOCH} "${_ckimport_saved_epoch}")

set(_ckimport_out "${CMAKE_BINARY_DIR}/package")
# Debian wants a changelog in /usr/share/doc/ckimport; for a native package
# (a version without a Debian revision) it is changelog.gz.
file(CONFIGURE OUTPUT "${_ckimport_out}/changelog" @ONLY CONTENT
"ckimport (@PROJECT_VERSION@) unstable; urgency=medium

  * Built from the ckimport @PROJECT_VERSION@ sources with CPack; the
    project's history is at https://github.com/ckimport/ckimport.

 -- @CKIMPORT_PACKAGE_MAINTAINER@  @_ckimport_changelog_date@
")

set(_ckimport_generated
  "${_ckimport_out}/man/ckimport.1"
  "${_ckimport_out}/man/ckimport.1.gz"
  "${_ckimport_out}/bash/ckimport"
  "${_ckimport_out}/zsh/_ckimport"
  "${_ckimport_out}/fish/ckimport.fish"
  "${_ckimport_out}/changelog.gz")
add_custom_command(OUTPUT ${_ckimport_generated}
  COMMAND "${CMAKE_COMMAND}" -DCKIMPORT=$<TARGET_FILE:ckimport> "-DOUT=${_ckimport_out}"
          "-DGZIP=${CKIMPORT_GZIP}" "-DEPOCH=${_ckimport_epoch}"
          -P "${CMAKE_CURRENT_LIST_DIR}/GeneratePackageFiles.cmake"
  DEPENDS ckimport "${CMAKE_CURRENT_LIST_DIR}/GeneratePackageFiles.cmake" "${_ckimport_out}/changelog"
  COMMENT "Generating the man page and shell completions with ckimport --generate"
  VERBATIM)
add_custom_target(ckimport_package_files ALL DEPENDS ${_ckimport_generated})

install(FILES "${_ckimport_out}/man/ckimport.1.gz" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
install(FILES "${_ckimport_out}/bash/ckimport" DESTINATION "${CMAKE_INSTALL_DATADIR}/bash-completion/completions")
install(FILES "${_ckimport_out}/zsh/_ckimport" DESTINATION "${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions")
install(FILES "${_ckimport_out}/fish/ckimport.fish" DESTINATION "${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d")
install(FILES "${PROJECT_SOURCE_DIR}/README.md" "${CMAKE_CURRENT_LIST_DIR}/copyright" "${_ckimport_out}/changelog.gz"
  DESTINATION "${CMAKE_INSTALL_DOCDIR}")

# Directories 0755 (files are 0644, the binary 0755, whatever the umask).
set(_ckimport_dir_permissions
  OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS ${_ckimport_dir_permissions})
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS ${_ckimport_dir_permissions})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ckimport)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "the ckimport authors")
set(CPACK_PACKAGE_CONTACT "${CKIMPORT_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/ckimport/ckimport")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "offline validator for ChatKitty bulk-import files")
set(CPACK_RESOURCE_FILE_LICENSE "${CMAKE_CURRENT_LIST_DIR}/copyright")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CKIMPORT_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${CPACK_PACKAGE_HOMEPAGE_URL}")
# Depends: derived by dpkg-shlibdeps from the binary's shared libraries.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
"ckimport checks the JSON files that ChatKitty's Platform API imports in
bulk (users, channels, channel members and messages) before they are
uploaded, offline: each file against a JSON Schema for its resource type,
and the references across the files of an import (members and senders must
be users, messages must name known channels, no username, channel name or
idempotency key twice).

Each problem is reported once, at its line and column, with what is wrong
and how to fix it: as text, JSON, SARIF or GitHub Actions annotations.
Files are streamed, so message histories of gigabytes are checked in flat
memory. Comes with a man page and bash, zsh and fish completions.")
include(CPack)
