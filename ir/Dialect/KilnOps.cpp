//===- KilnOps.cpp - The kiln dialect's op classes ------------------------===//
//
// Op behaviour lives in the op table (runtime/graph) and ShapeInference.cpp;
// this file instantiates the ODS-generated classes.
//
//===----------------------------------------------------------------------===//
#include "ir/Dialect/KilnDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace kiln::ir;

#define GET_OP_CLASSES
#include "ir/Dialect/KilnOps.cpp.inc"
