# The .vtrc writer/reader benchmark (bench/trace_bench.cc); included from bench/CMakeLists.txt.
add_executable(trace_bench ${CMAKE_CURRENT_LIST_DIR}/trace_bench.cc)
target_link_libraries(trace_bench PRIVATE vgpu_trace benchmark::benchmark)
