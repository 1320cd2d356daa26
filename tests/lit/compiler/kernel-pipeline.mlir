// RUN: kiln-opt --split-input-file --kiln-kernel-lowering %s | FileCheck %s

// Tests that a lowered kernel (linalg on tensors, destination-passing)
// reaches the LLVM dialect with a `_mlir_ciface_` entry taking one pointer
// per memref descriptor (inputs, then the output): the two generics fuse,
// the output is written in place (no malloc, no copy), and the f32 tanh is
// a polynomial (no libm call).
// CHECK: llvm.func @add_tanh(
// CHECK-NOT: llvm.call
// CHECK-NOT: llvm.intr.memcpy
// CHECK: llvm.return
// CHECK: llvm.func @_mlir_ciface_add_tanh(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) attributes {llvm.emit_c_interface}
// CHECK: llvm.call @add_tanh(
// CHECK-NOT: func.func
// CHECK-NOT: linalg.
// CHECK-NOT: memref.
// CHECK-NOT: math.
func.func @add_tanh(%arg0: tensor<?x10xf32>, %arg1: tensor<10xf32>, %arg2: memref<?x10xf32>) attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %dim = tensor.dim %arg0, %c0 : tensor<?x10xf32>
  %0 = tensor.empty(%dim) : tensor<?x10xf32>
  %1 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%arg0, %arg1 : tensor<?x10xf32>, tensor<10xf32>) outs(%0 : tensor<?x10xf32>) {
  ^bb0(%in: f32, %in_2: f32, %out: f32):
    %4 = arith.addf %in, %in_2 : f32
    linalg.yield %4 : f32
  } -> tensor<?x10xf32>
  %c0_0 = arith.constant 0 : index
  %dim_1 = tensor.dim %1, %c0_0 : tensor<?x10xf32>
  %2 = tensor.empty(%dim_1) : tensor<?x10xf32>
  %3 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%1 : tensor<?x10xf32>) outs(%2 : tensor<?x10xf32>) {
  ^bb0(%in: f32, %out: f32):
    %4 = math.tanh %in : f32
    linalg.yield %4 : f32
  } -> tensor<?x10xf32>
  bufferization.materialize_in_destination %3 in restrict writable %arg2 : (tensor<?x10xf32>, memref<?x10xf32>) -> ()
  return
}

// -----

// Tests that a temporary (the f64 accumulator of a Mean) is allocated and
// freed inside the kernel, while the result goes to the output argument.
// CHECK: llvm.func @free(!llvm.ptr)
// CHECK: llvm.func @malloc(i64) -> !llvm.ptr
// CHECK: llvm.func @mean(
// CHECK: %[[TMP:.*]] = llvm.call @malloc
// CHECK: llvm.call @free(%[[TMP]])
// CHECK: llvm.func @_mlir_ciface_mean(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
func.func @mean(%arg0: tensor<2x3xf32>, %arg1: memref<3xf32>) attributes {llvm.emit_c_interface} {
  %cst = arith.constant dense<0> : tensor<1xi32>
  %0 = tensor.empty() : tensor<3xf64>
  %cst_0 = arith.constant 0.000000e+00 : f64
  %1 = linalg.fill ins(%cst_0 : f64) outs(%0 : tensor<3xf64>) -> tensor<3xf64>
  %2 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>], iterator_types = ["reduction", "parallel"]} ins(%arg0 : tensor<2x3xf32>) outs(%1 : tensor<3xf64>) {
  ^bb0(%in: f32, %out: f64):
    %8 = arith.extf %in : f32 to f64
    %9 = arith.addf %out, %8 : f64
    linalg.yield %9 : f64
  } -> tensor<3xf64>
  %c1 = arith.constant 1 : index
  %c0 = arith.constant 0 : index
  %dim = tensor.dim %arg0, %c0 : tensor<2x3xf32>
  %3 = arith.muli %c1, %dim : index
  %4 = arith.index_cast %3 : index to i64
  %5 = arith.sitofp %4 : i64 to f64
  %6 = tensor.empty() : tensor<3xf32>
  %7 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%2 : tensor<3xf64>) outs(%6 : tensor<3xf32>) {
  ^bb0(%in: f64, %out: f32):
    %8 = arith.divf %in, %5 : f64
    %9 = arith.truncf %8 : f64 to f32
    linalg.yield %9 : f32
  } -> tensor<3xf32>
  bufferization.materialize_in_destination %7 in restrict writable %arg1 : (tensor<3xf32>, memref<3xf32>) -> ()
  return
}

// -----

// Tests that f64 transcendental math calls libm (expm1 precisely, not as
// exp(x) - 1) while exp stays an LLVM intrinsic.
// CHECK: llvm.func @expm1(f64) -> f64
// CHECK: llvm.func @elu
// CHECK: llvm.call @expm1
// CHECK: llvm.func @_mlir_ciface_elu
func.func @elu(%arg0: tensor<4xf64>, %arg1: memref<4xf64>) attributes {llvm.emit_c_interface} {
%0 = tensor.empty() : tensor<4xf64>
%1 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%arg0 : tensor<4xf64>) outs(%0 : tensor<4xf64>) {
^bb0(%in: f64, %out: f64):
  %cst = arith.constant 0.000000e+00 : f64
  %2 = math.expm1 %in : f64
  %3 = arith.cmpf olt, %in, %cst : f64
  %4 = arith.select %3, %2, %in : f64
  linalg.yield %4 : f64
} -> tensor<4xf64>
bufferization.materialize_in_destination %1 in restrict writable %arg1 : (tensor<4xf64>, memref<4xf64>) -> ()
return
}
