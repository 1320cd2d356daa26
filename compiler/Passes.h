//===- Passes.h - Kiln's compiler passes ------------------------*- C++ -*-===//
#ifndef KILN_COMPILER_PASSES_H
#define KILN_COMPILER_PASSES_H

#include "ir/Dialect/KilnDialect.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace kiln::compiler {

#define GEN_PASS_DECL
#include "compiler/Passes.h.inc"

/// registerKilnPasses(): every Kiln pass, so kiln-opt can run it by name.
#define GEN_PASS_REGISTRATION
#include "compiler/Passes.h.inc"

} // namespace kiln::compiler

#endif // KILN_COMPILER_PASSES_H
