# cmake --install: the library for C++ users (find_package(gdcert) + gdcert::gdcert), the
# `gdcert` executable, and the CMake package that describes them.
#
#   PREFIX/include/gdcert/<layer>/*.hpp      included as "api/run.hpp", as inside the project
#   PREFIX/lib/libgdcert_<layer>.a           one static library per layer
#   PREFIX/bin/gdcert
#   PREFIX/lib/cmake/gdcert/                 gdcertConfig.cmake, its version file, the exported
#                                            targets and FindMPFR_MPFI.cmake (for gdcert::mpfi)
#
# The headers go under include/gdcert/ so that generic directory names (api/, model/, ...) do
# not land in PREFIX/include itself; the exported targets carry include/gdcert as their include
# directory, so a consumer writes the same #include lines as the project's own sources.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(GDCERT_LAYERS arith expr model bound criteria cert api)
set(GDCERT_INSTALL_INCLUDEDIR ${CMAKE_INSTALL_INCLUDEDIR}/gdcert)
set(GDCERT_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/gdcert
    CACHE STRING "Where cmake --install puts gdcert's CMake package (relative to the prefix)")

# The one target a C++ user links: every layer, in dependency order (CMake derives the static
# link line from the layers' own PUBLIC links), with MPFR/MPFI/GMP, fmt, Eigen, nlohmann_json
# and Threads coming along. Exported as gdcert::gdcert; the same alias works inside the tree.
add_library(gdcert_library INTERFACE)
set_target_properties(gdcert_library PROPERTIES EXPORT_NAME gdcert)
target_link_libraries(gdcert_library INTERFACE gdcert_api)
add_library(gdcert::gdcert ALIAS gdcert_library)

# The layers are exported too (gdcert::arith, ..., gdcert::api; the certificate checker alone
# as gdcert::cert_check), since gdcert::gdcert links them.
set(GDCERT_EXPORTED_LIBRARIES)
foreach(layer ${GDCERT_LAYERS} cert_check)
  set_target_properties(gdcert_${layer} PROPERTIES EXPORT_NAME ${layer})
  list(APPEND GDCERT_EXPORTED_LIBRARIES gdcert_${layer})
endforeach()

# What the headers need from a consumer's compiler, carried by the exported targets only (the
# project sets them globally): C++20, and no contraction of a*b+c into an fma or value-changing
# optimisations, because the error-free transformations of arith/rounding.hpp are inline code
# that a consumer compiles (with -march=native and the default -ffp-contract=fast, GCC would
# fuse them and break the outward rounding).
target_compile_features(gdcert_arith PUBLIC cxx_std_20)
target_compile_options(gdcert_arith INTERFACE
  "$<INSTALL_INTERFACE:$<$<CXX_COMPILER_ID:GNU,Clang,AppleClang>:-ffp-contract=off>>"
  "$<INSTALL_INTERFACE:$<$<CXX_COMPILER_ID:GNU,Clang,AppleClang>:-fno-fast-math>>")

install(TARGETS ${GDCERT_EXPORTED_LIBRARIES} gdcert_library
  EXPORT gdcertTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${GDCERT_INSTALL_INCLUDEDIR})
foreach(layer ${GDCERT_LAYERS})
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/src/${layer}
          DESTINATION ${GDCERT_INSTALL_INCLUDEDIR}
          FILES_MATCHING PATTERN "*.hpp")
endforeach()
install(TARGETS gdcert RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

install(EXPORT gdcertTargets
  NAMESPACE gdcert::
  FILE gdcertTargets.cmake
  DESTINATION ${GDCERT_INSTALL_CMAKEDIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/gdcertConfig.cmake.in
  ${PROJECT_BINARY_DIR}/gdcertConfig.cmake
  INSTALL_DESTINATION ${GDCERT_INSTALL_CMAKEDIR})
# 0.x: a new minor version may change the API.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/gdcertConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/gdcertConfig.cmake
  ${PROJECT_BINARY_DIR}/gdcertConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/FindMPFR_MPFI.cmake
  DESTINATION ${GDCERT_INSTALL_CMAKEDIR})
