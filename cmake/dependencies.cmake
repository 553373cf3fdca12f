# Every dependency is a Debian package (scripts/install-deps.sh installs them all), found here
# once so that each folder's CMakeLists.txt only links imported targets.

find_package(PkgConfig REQUIRED)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
pkg_check_modules(EPOXY REQUIRED IMPORTED_TARGET epoxy)
pkg_check_modules(EGL REQUIRED IMPORTED_TARGET egl)
find_package(PNG REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(Threads REQUIRED)
if(VGPU_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(VGPU_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
