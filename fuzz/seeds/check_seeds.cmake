# Regenerates the virgl_decode seeds, dictionary and sample stream into WORK_DIR and compares
# them byte for byte with the committed ones.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
execute_process(COMMAND ${WRITER} ${WORK_DIR}/seeds ${WORK_DIR}/virgl_decode.dict
                        ${WORK_DIR}/frame.bin RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "seed writer failed: ${rc}")
endif()
file(GLOB generated RELATIVE ${WORK_DIR}/seeds ${WORK_DIR}/seeds/*)
list(LENGTH generated count)
foreach(name ${generated})
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK_DIR}/seeds/${name}
                          ${SOURCE_DIR}/corpus/fuzz/virgl_decode/${name} RESULT_VARIABLE diff)
  if(NOT diff EQUAL 0)
    message(FATAL_ERROR "corpus/fuzz/virgl_decode/${name} is out of date with the table")
  endif()
endforeach()
foreach(pair "virgl_decode.dict;fuzz/virgl_decode.dict" "frame.bin;corpus/streams/frame.bin")
  list(GET pair 0 built)
  list(GET pair 1 committed)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK_DIR}/${built}
                          ${SOURCE_DIR}/${committed} RESULT_VARIABLE diff)
  if(NOT diff EQUAL 0)
    message(FATAL_ERROR "${committed} is out of date with the table")
  endif()
endforeach()
message(STATUS "${count} seeds, the dictionary and the sample stream match the table")
