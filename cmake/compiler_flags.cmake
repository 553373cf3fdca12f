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
