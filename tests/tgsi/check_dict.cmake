# Regenerates the tgsi_parse dictionary and compares it with the committed one.
execute_process(COMMAND ${WRITER} dict ${FRESH} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "write_tgsi_fuzz_files dict failed (${rc})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${FRESH} ${COMMITTED} RESULT_VARIABLE diff)
if(NOT diff EQUAL 0)
  message(FATAL_ERROR "fuzz/tgsi_parse.dict is out of date: run "
                      "build/gcc/tests/tgsi/write_tgsi_fuzz_files dict fuzz/tgsi_parse.dict")
endif()
