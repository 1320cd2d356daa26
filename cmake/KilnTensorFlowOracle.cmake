# The Python with TensorFlow that tests use as their oracle (never the
# product): KILN_PYTHON, else <repo>/.venv/bin/python (scripts/setup.sh).
include_guard(GLOBAL)

# Environment for tests that run TensorFlow: quiet, CPU only, no oneDNN
# rewrites (their results differ in corners such as Softmax of inf and NaN).
set(KILN_TF_TEST_ENV
  "TF_CPP_MIN_LOG_LEVEL=2;TF_ENABLE_ONEDNN_OPTS=0;CUDA_VISIBLE_DEVICES=;PYTHONDONTWRITEBYTECODE=1")

# kiln_tensorflow_python(SUITE OUT_VAR): OUT_VAR is the Python to run, or
# empty; then one test, SUITE.tensorflow_missing, fails saying why, so a
# missing oracle never passes silently.
function(kiln_tensorflow_python suite out_var)
  set(python "")
  if(KILN_PYTHON AND EXISTS "${KILN_PYTHON}")
    set(python "${KILN_PYTHON}")
  elseif(EXISTS "${PROJECT_SOURCE_DIR}/.venv/bin/python")
    set(python "${PROJECT_SOURCE_DIR}/.venv/bin/python")
  endif()
  set(problem "")
  if(NOT python)
    set(problem "no Python with TensorFlow (KILN_PYTHON is unset and ${PROJECT_SOURCE_DIR}/.venv/bin/python is missing)")
  else()
    # find_spec looks TensorFlow up without importing it (which takes seconds).
    execute_process(
      COMMAND ${python} -c
        "import importlib.util, sys; sys.exit(any(importlib.util.find_spec(m) is None for m in ('tensorflow', 'numpy')))"
      RESULT_VARIABLE tf_missing OUTPUT_QUIET ERROR_QUIET)
    if(tf_missing)
      set(problem "${python} has no tensorflow/numpy")
    endif()
  endif()
  if(problem)
    message(WARNING "${suite}: ${problem}; the ${suite} suite will fail until you run scripts/setup.sh and re-run cmake")
    add_test(NAME ${suite}.tensorflow_missing
      COMMAND ${CMAKE_COMMAND}
        "-DMSG=${suite}: ${problem}. Run scripts/setup.sh (it creates .venv with TensorFlow), then re-run cmake with -DKILN_PYTHON=${PROJECT_SOURCE_DIR}/.venv/bin/python."
        -P ${PROJECT_SOURCE_DIR}/cmake/FailMissingTensorFlow.cmake)
    set_tests_properties(${suite}.tensorflow_missing PROPERTIES LABELS interop)
    set(python "")
  endif()
  set(${out_var} "${python}" PARENT_SCOPE)
endfunction()
