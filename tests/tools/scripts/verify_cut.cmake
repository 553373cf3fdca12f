# Cuts IN after BYTES bytes into OUT and checks that `TOOL verify OUT` fails (exit 1), says the
# file was cut, and reports the events it recovered.
file(READ ${IN} head LIMIT ${BYTES} HEX)
string(LENGTH "${head}" hex_len)
math(EXPR got "${hex_len} / 2")
if(NOT got EQUAL BYTES)
  message(FATAL_ERROR "${IN} is shorter than ${BYTES} bytes")
endif()
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "\\\\x\\1" escaped "${head}")
# CMake cannot write raw bytes itself; printf turns the \\xNN escapes back into them.
execute_process(COMMAND printf "${escaped}" OUTPUT_FILE ${OUT})
execute_process(COMMAND ${TOOL} verify ${OUT} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "verify of a cut trace: exit ${rc}, expected 1\n${out}${err}")
endif()
if(NOT "${out}${err}" MATCHES "the trace was cut here" OR NOT "${out}${err}" MATCHES "events readable")
  message(FATAL_ERROR "verify of a cut trace did not say what it recovered:\n${out}${err}")
endif()
message(STATUS "${out}${err}")
