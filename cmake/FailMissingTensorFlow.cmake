# Run by the <suite>.tensorflow_missing tests: fails with the reason in MSG.
message(FATAL_ERROR "${MSG}")
