# Warnings, sanitizers and the fuzzing switch, applied to every target of the project.

add_compile_options(-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
                    -Wnon-virtual-dtor -Wimplicit-fallthrough)
if(VGPU_WERROR)
  add_compile_options(-Werror)
endif()

if(VGPU_SANITIZE)
  string(REPLACE ";" "," _vgpu_san "${VGPU_SANITIZE}")
  add_compile_options(-fsanitize=${_vgpu_san} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${_vgpu_san})
endif()

if(VGPU_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "VGPU_FUZZ needs clang (libFuzzer): configure with CXX=clang++-14")
  endif()
  # Libraries get coverage instrumentation; only the harness executables link libFuzzer's main.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
  set(CMAKE_C_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
endif()

# Source-based line coverage (clang): run the instrumented tests or regression drivers with
# LLVM_PROFILE_FILE=dir/%p.profraw, then llvm-profdata merge + llvm-cov report (docs/fuzzing.md).
option(VGPU_COVERAGE "Instrument every target for clang source-based coverage" OFF)
if(VGPU_COVERAGE)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "VGPU_COVERAGE needs clang: configure with CXX=clang++-14")
  endif()
  add_compile_options(-fprofile-instr-generate -fcoverage-mapping)
  add_link_options(-fprofile-instr-generate)
endif()
