# The large-trace generator of bench/replay_speed.sh; included from bench/CMakeLists.txt.
add_executable(replay_big_trace ${CMAKE_CURRENT_LIST_DIR}/replay_big_trace.cc)
target_link_libraries(replay_big_trace PRIVATE vgpu_trace)
