# Run by the numerics.tensorflow_missing test: fails with the reason in MSG.
message(FATAL_ERROR "${MSG}")
