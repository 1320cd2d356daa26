// What the convolution and pooling reference kernels share: element offsets
// of NHWC/NCHW tensors and the walk over each output position's window.
// Internal to runtime/reference/.
#ifndef KILN_RUNTIME_REFERENCE_WINDOW_LOOPS_H_
#define KILN_RUNTIME_REFERENCE_WINDOW_LOOPS_H_

#include <cstdint>

#include "runtime/graph/window_geometry.h"

namespace kiln {
namespace reference {

// Offsets into a dense 4-D tensor of [n, h, w, c] in either data format.
struct Layout4 {
  bool nchw = false;
  int64_t h = 0, w = 0, c = 0;

  int64_t At(int64_t n, int64_t y, int64_t x, int64_t ch) const {
    return nchw ? ((n * c + ch) * h + y) * w + x
                : ((n * h + y) * w + x) * c + ch;
  }
};

inline Layout4 InputLayout(const WindowProblem& p, bool nchw) {
  return {nchw, p.in_h, p.in_w, p.in_c};
}
inline Layout4 OutputLayout(const WindowProblem& p, bool nchw) {
  return {nchw, p.out_h, p.out_w, p.out_c};
}

// Calls f(n, oy, ox, iy, ix, ky, kx) for every output position and every
// window tap that lands inside the input (padding taps are skipped), in
// row-major order of the taps.
template <typename F>
void ForEachTap(const WindowProblem& p, F&& f) {
  for (int64_t n = 0; n < p.batch; ++n) {
    for (int64_t oy = 0; oy < p.out_h; ++oy) {
      for (int64_t ox = 0; ox < p.out_w; ++ox) {
        for (int64_t ky = 0; ky < p.k_h; ++ky) {
          const int64_t iy = oy * p.stride_h - p.pad_top + ky * p.dilation_h;
          if (iy < 0 || iy >= p.in_h) continue;
          for (int64_t kx = 0; kx < p.k_w; ++kx) {
            const int64_t ix = ox * p.stride_w - p.pad_left + kx * p.dilation_w;
            if (ix < 0 || ix >= p.in_w) continue;
            f(n, oy, ox, iy, ix, ky, kx);
          }
        }
      }
    }
  }
}

}  // namespace reference
}  // namespace kiln

#endif  // KILN_RUNTIME_REFERENCE_WINDOW_LOOPS_H_
