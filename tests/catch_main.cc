// The one main() of Kiln's Catch2 test binaries.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
