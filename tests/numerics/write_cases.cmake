# Run by numerics.kiln_write_cases*: TOOL OUT MODE SEED, where the seed is
# $ENV{KILN_NUMERICS_SEED} when set (fresh inputs), else DEFAULT_SEED.
set(seed "${DEFAULT_SEED}")
if(DEFINED ENV{KILN_NUMERICS_SEED} AND NOT "$ENV{KILN_NUMERICS_SEED}" STREQUAL "")
  set(seed "$ENV{KILN_NUMERICS_SEED}")
endif()
message(STATUS "numerics: seed ${seed} (set KILN_NUMERICS_SEED to change it)")
execute_process(COMMAND "${TOOL}" "${OUT}" "${seed}" "${MODE}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "numerics: ${TOOL} failed (${rc}) with seed ${seed}")
endif()
