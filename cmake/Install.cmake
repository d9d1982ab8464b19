# Install rules for everything a user gets: the app, the sandbox and the command-line tools, their data
# files, and on Windows and macOS the Qt runtime they need (Qt's own deployment: windeployqt/macdeployqt).
# The desktop integration (menu entry, icons, AppStream, man pages) and CPack live in packaging/.
# Included from the root CMakeLists.txt after every target is defined.
include(GNUInstallDirs)

# The reverse-DNS id the desktop file, the AppStream metadata and Wayland's app_id share.
set(INFRAHUB_APP_ID "io.github.infrahubconsole.InfrahubConsole")
if(TARGET infrahub-console)
    target_compile_definitions(infrahub-console PRIVATE INFRAHUB_APP_ID="${INFRAHUB_APP_ID}")
endif()

# Every program that ships, whichever of them this tree builds (the app can be switched off, and
# infrahub-backup arrives with the backups work): whatever exists is installed.
set(INFRAHUB_SHIPPED_PROGRAMS infrahub-console infrahub-sandbox infrahub-sweep infrahub-backup)
set(INFRAHUB_INSTALLED_PROGRAMS "")
foreach(_program IN LISTS INFRAHUB_SHIPPED_PROGRAMS)
    if(TARGET ${_program})
        list(APPEND INFRAHUB_INSTALLED_PROGRAMS ${_program})
    endif()
endforeach()
set(INFRAHUB_INSTALLED_TOOLS ${INFRAHUB_INSTALLED_PROGRAMS})
list(REMOVE_ITEM INFRAHUB_INSTALLED_TOOLS infrahub-console)

if(APPLE)
    # One self-contained bundle: the command-line tools sit next to the app's executable, so the Qt
    # frameworks that macdeployqt copies into the bundle serve them too.
    set(INFRAHUB_BUNDLE_CONTENTS "infrahub-console.app/Contents")
    set(INFRAHUB_TOOLS_DESTINATION "${INFRAHUB_BUNDLE_CONTENTS}/MacOS")
    set(INFRAHUB_DATA_DESTINATION "${INFRAHUB_BUNDLE_CONTENTS}/Resources")
else()
    set(INFRAHUB_TOOLS_DESTINATION "${CMAKE_INSTALL_BINDIR}")
    set(INFRAHUB_DATA_DESTINATION "${CMAKE_INSTALL_DATADIR}/infrahub-console")
endif()

if(UNIX AND NOT APPLE AND Qt6_DIR MATCHES "^/usr/lib")
    # Against the system's Qt every library is found in the system's paths (ours are static), so the
    # installed programs carry no RPATH (qt_standard_project_setup() sets $ORIGIN:$ORIGIN/../lib).
    set_target_properties(${INFRAHUB_INSTALLED_PROGRAMS} PROPERTIES INSTALL_RPATH "")
endif()

if(WIN32)
    # The non-Qt DLLs (libssh, libgit2, yaml-cpp, QtKeychain, OpenSSL, zlib ...) are found next to the
    # programs' imports; Qt's own DLLs and plugins are left to windeployqt below.
    set(_runtime_set RUNTIME_DEPENDENCY_SET infrahub_runtime)
endif()

if(TARGET infrahub-console)
    install(TARGETS infrahub-console ${_runtime_set}
            RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
            BUNDLE DESTINATION .)
endif()
if(INFRAHUB_INSTALLED_TOOLS)
    install(TARGETS ${INFRAHUB_INSTALLED_TOOLS} ${_runtime_set} RUNTIME DESTINATION ${INFRAHUB_TOOLS_DESTINATION})
endif()

# The platform table for config backups: compiled into the programs, installed as the reference copy a
# user's own table (same format) is written from.
install(FILES ${PROJECT_SOURCE_DIR}/data/platforms.yaml DESTINATION ${INFRAHUB_DATA_DESTINATION})

if(WIN32)
    set(_search_dirs "")
    foreach(_prefix IN LISTS CMAKE_PREFIX_PATH)
        list(APPEND _search_dirs "${_prefix}/bin")
    endforeach()
    if(DEFINED VCPKG_INSTALLED_DIR AND DEFINED VCPKG_TARGET_TRIPLET)
        list(APPEND _search_dirs "${VCPKG_INSTALLED_DIR}/${VCPKG_TARGET_TRIPLET}/bin")
    endif()
    install(RUNTIME_DEPENDENCY_SET infrahub_runtime
            PRE_EXCLUDE_REGEXES "^api-ms-" "^ext-ms-" "^[Qq]t6"
            POST_EXCLUDE_REGEXES "[Ss][Yy][Ss][Tt][Ee][Mm]32" "[Ss][Yy][Ss][Ww][Oo][Ww]64"
            DIRECTORIES ${_search_dirs}
            RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

# Qt's runtime deployment (Qt >= 6.3): windeployqt copies the Qt DLLs and plugins next to the programs
# and writes qt.conf; macdeployqt copies the frameworks and plugins into the bundle and fixes the
# install names of the app and of the tools inside it. On Linux the packages depend on the system's Qt
# instead (see packaging/CMakeLists.txt), so nothing is deployed there.
if((WIN32 OR APPLE) AND TARGET infrahub-console)
    # qt_generate_deploy_app_script() (Qt 6.3+) deploys for one executable only; the tools need the same
    # treatment, so this is the script it would write plus ADDITIONAL_EXECUTABLES.
    if(APPLE)
        set(_deploy_executable "infrahub-console.app")
        set(_tools_dir "${INFRAHUB_TOOLS_DESTINATION}")
    else()
        set(_deploy_executable "\${QT_DEPLOY_BIN_DIR}/$<TARGET_FILE_NAME:infrahub-console>")
        set(_tools_dir "\${QT_DEPLOY_BIN_DIR}")
    endif()
    set(_deploy_tools "")
    foreach(_tool IN LISTS INFRAHUB_INSTALLED_TOOLS)
        string(APPEND _deploy_tools " \"${_tools_dir}/$<TARGET_FILE_NAME:${_tool}>\"")
    endforeach()
    if(_deploy_tools)
        set(_deploy_tools "ADDITIONAL_EXECUTABLES${_deploy_tools}")
    endif()
    set(_deploy_script "${PROJECT_BINARY_DIR}/deploy-infrahub-console-$<CONFIG>.cmake")
    set(_after_deploy "")
    if(APPLE)
        # macdeployqt rewrote the binaries' library paths, which voids their signatures; Apple silicon
        # runs no unsigned code, so the bundle is signed again (ad hoc: no identity on a build machine).
        set(_after_deploy "execute_process(COMMAND codesign --force --deep --sign - \"\${QT_DEPLOY_PREFIX}/infrahub-console.app\" COMMAND_ERROR_IS_FATAL ANY)")
    endif()
    file(GENERATE OUTPUT "${_deploy_script}" CONTENT "include(\"${QT_DEPLOY_SUPPORT}\")
qt_deploy_runtime_dependencies(EXECUTABLE \"${_deploy_executable}\" ${_deploy_tools} GENERATE_QT_CONF)
${_after_deploy}
")
    install(SCRIPT "${_deploy_script}")
endif()

if(WIN32)
    # The MSVC runtime DLLs, app-local, so the installer needs no separate redistributable.
    set(CMAKE_INSTALL_SYSTEM_RUNTIME_DESTINATION ${CMAKE_INSTALL_BINDIR})
    include(InstallRequiredSystemLibraries)
endif()
