// FindMatMulEntry: the runtime's exported library kernels by symbol.
#include "runtime/abi/library_entries.h"

namespace kiln {

KilnRtMatMul FindMatMulEntry(std::string_view symbol) {
  return symbol == kMatMulEntrySymbol ? &kiln_rt_matmul : nullptr;
}

}  // namespace kiln
