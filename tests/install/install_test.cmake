# cmake -P script of the install_cpp_example test (tests/install/CMakeLists.txt): fails with a
# message at the first step that goes wrong.
foreach(v GDCERT_BUILD_DIR GDCERT_SOURCE_DIR WORK_DIR LIBDIR CMAKEDIR CXX_COMPILER GENERATOR)
  if(NOT DEFINED ${v} OR "${${v}}" STREQUAL "")
    message(FATAL_ERROR "install_test.cmake: -D${v}=... missing")
  endif()
endforeach()
set(prefix ${WORK_DIR}/prefix)
set(example_build ${WORK_DIR}/example-build)
# Fresh every time, so that nothing stale from an earlier run can make the test pass.
file(REMOVE_RECURSE ${prefix} ${example_build})

function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${ARGN}\n${out}\n${err}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

set(config_args)
if(CONFIG)
  set(config_args --config ${CONFIG})
endif()

# 1. Install.
run("cmake --install"
    ${CMAKE_COMMAND} --install ${GDCERT_BUILD_DIR} --prefix ${prefix} ${config_args})
foreach(f include/gdcert/api/run.hpp include/gdcert/arith/interval.hpp
          include/gdcert/criteria/chatterjee.hpp ${CMAKEDIR}/gdcertConfig.cmake
          ${CMAKEDIR}/gdcertConfigVersion.cmake ${CMAKEDIR}/gdcertTargets.cmake
          ${CMAKEDIR}/FindMPFR_MPFI.cmake bin/gdcert)
  if(NOT EXISTS ${prefix}/${f})
    message(FATAL_ERROR "not installed: ${prefix}/${f}")
  endif()
endforeach()
file(GLOB libs ${prefix}/${LIBDIR}/libgdcert_*)
list(LENGTH libs n)
if(n LESS 8)
  message(FATAL_ERROR "expected the 8 layer libraries in ${prefix}/${LIBDIR}, found: ${libs}")
endif()

# 2. The example as a separate project, finding gdcert in the prefix only.
set(launcher)
if(CXX_COMPILER_LAUNCHER)
  set(launcher -DCMAKE_CXX_COMPILER_LAUNCHER=${CXX_COMPILER_LAUNCHER})
endif()
set(build_type Release)
if(CONFIG)
  set(build_type ${CONFIG})
endif()
run("configuring examples/cpp"
    ${CMAKE_COMMAND} -S ${GDCERT_SOURCE_DIR}/examples/cpp -B ${example_build} -G ${GENERATOR}
    -DCMAKE_BUILD_TYPE=${build_type} -DCMAKE_CXX_COMPILER=${CXX_COMPILER} ${launcher}
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_FIND_PACKAGE_PREFER_CONFIG=ON
    -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)
file(STRINGS ${example_build}/CMakeCache.txt gdcert_dir REGEX "^gdcert_DIR:")
if(NOT gdcert_dir STREQUAL "gdcert_DIR:PATH=${prefix}/${CMAKEDIR}")
  message(FATAL_ERROR "examples/cpp found gdcert elsewhere: ${gdcert_dir}")
endif()
run("building examples/cpp" ${CMAKE_COMMAND} --build ${example_build} ${config_args})
# The headers must come from the prefix, not from the source tree.
if(EXISTS ${example_build}/compile_commands.json)
  file(READ ${example_build}/compile_commands.json cc)
  string(FIND "${cc}" "${GDCERT_SOURCE_DIR}/src" at)
  if(NOT at EQUAL -1)
    message(FATAL_ERROR "examples/cpp compiled against the source tree:\n${cc}")
  endif()
  string(FIND "${cc}" "${prefix}/include/gdcert" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "examples/cpp not compiled against ${prefix}/include/gdcert:\n${cc}")
  endif()
endif()

# 3. Run it (double and MPFR intervals): exit 0 and a certified verdict.
find_program(certify certify PATHS ${example_build} ${example_build}/${CONFIG} NO_DEFAULT_PATH)
if(NOT certify)
  message(FATAL_ERROR "examples/cpp built no certify executable in ${example_build}")
endif()
run("running certify" ${certify})
message(STATUS "certify:\n${run_output}")
if(NOT run_output MATCHES "verdict: certified\n" OR NOT run_output MATCHES "alpha >= [0-9]")
  message(FATAL_ERROR "certify did not print a certified verdict with alpha's bound")
endif()
run("running certify --mpfr" ${certify} --mpfr)
if(NOT run_output MATCHES "128-bit intervals\nverdict: certified\n")
  message(FATAL_ERROR "certify --mpfr did not certify with 128-bit intervals:\n${run_output}")
endif()

# 4. The installed command line.
run("installed gdcert check"
    ${prefix}/bin/gdcert check --expr "(x*y-1)^2" --center 2,0.3 --radius 0.5)
if(NOT run_output MATCHES "VERDICT: certified")
  message(FATAL_ERROR "installed gdcert check did not certify:\n${run_output}")
endif()
message(STATUS "install_cpp_example: installed into ${prefix}, examples/cpp built and certified")
