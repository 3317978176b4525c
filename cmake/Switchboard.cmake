# Shared build helpers for every module.

function(sb_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
    -Wnull-dereference -Wimplicit-fallthrough)
  if(SB_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(SB_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()

# sb_library(NAME sources... DEPS libs...)
# A module library: include root is src/, so headers are included as "sip/message/uri.hpp".
function(sb_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  sb_warnings(${name})
endfunction()

# sb_unit_test(NAME sources... DEPS libs...)
# A GoogleTest executable registered with CTest under the "unit" label, as one test: the
# whole executable in one process. Under the sanitizers, a process per test case
# (gtest_discover_tests) took 350 s for what one run per executable does in about 65 s.
# One case: `ctest -R <executable>`, or the executable itself with --gtest_filter.
function(sb_unit_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
  sb_warnings(${name})
  if(SB_SANITIZE)
    # The code under test keeps both sanitizers and the tests' own files keep ASan. UBSan on
    # the test files (GoogleTest's and JSON's templates, at -O0) took a third of their
    # compile time: about 7 of the CI's minutes on two cores.
    target_compile_options(${name} PRIVATE -fno-sanitize=undefined)
  endif()
  add_test(NAME ${name} COMMAND ${name} --gtest_brief=1)
  set_tests_properties(${name} PROPERTIES LABELS unit
    ENVIRONMENT "SB_TESTDATA=${PROJECT_SOURCE_DIR}/../shared/testdata;SB_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()
