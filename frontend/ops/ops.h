// All op builders: the hand-written Const/Placeholder and the ones generated
// from Kiln's op table (ops.gen.h, in the build tree).
//
//   #include "frontend/ops/ops.h"
//   using namespace kiln;
//   Scope root = Scope::NewRootScope();
//   auto x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
//                             Shape::Of({kUnknownDim, 784}));
//   auto y = ops::Relu(root, ops::MatMul(root, x, w));
#ifndef KILN_FRONTEND_OPS_OPS_H_
#define KILN_FRONTEND_OPS_OPS_H_

#include "frontend/ops/const.h"
#include "frontend/ops/ops.gen.h"

#endif  // KILN_FRONTEND_OPS_OPS_H_
