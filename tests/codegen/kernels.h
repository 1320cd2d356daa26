// Kernels the codegen tests compile, in MLIR text over func/memref/scf/arith/
// math, each exported through `llvm.emit_c_interface`.
#ifndef KILN_TESTS_CODEGEN_KERNELS_H_
#define KILN_TESTS_CODEGEN_KERNELS_H_

namespace kiln::testing {

// out[i, j] = tanh(a[i, j] * b[j]) + 1
constexpr char kTanhScaleKernel[] = R"mlir(
func.func @tanh_scale(%a: memref<?x?xf32>, %b: memref<?xf32>,
                      %out: memref<?x?xf32>) attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1.0 : f32
  %m = memref.dim %a, %c0 : memref<?x?xf32>
  %n = memref.dim %a, %c1 : memref<?x?xf32>
  scf.for %i = %c0 to %m step %c1 {
    scf.for %j = %c0 to %n step %c1 {
      %x = memref.load %a[%i, %j] : memref<?x?xf32>
      %y = memref.load %b[%j] : memref<?xf32>
      %p = arith.mulf %x, %y : f32
      %t = math.tanh %p : f32
      %r = arith.addf %t, %one : f32
      memref.store %r, %out[%i, %j] : memref<?x?xf32>
    }
  }
  return
}
)mlir";

// out[i] = a[i] + b[i], over strided views.
constexpr char kAddKernel[] = R"mlir(
func.func @add(%a: memref<?xf32, strided<[?], offset: ?>>,
               %b: memref<?xf32, strided<[?], offset: ?>>,
               %out: memref<?xf32>) attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %out, %c0 : memref<?xf32>
  scf.for %i = %c0 to %n step %c1 {
    %x = memref.load %a[%i] : memref<?xf32, strided<[?], offset: ?>>
    %y = memref.load %b[%i] : memref<?xf32, strided<[?], offset: ?>>
    %s = arith.addf %x, %y : f32
    memref.store %s, %out[%i] : memref<?xf32>
  }
  return
}
)mlir";

// Returns sum(a) * scale: a scalar argument and a scalar result.
constexpr char kScaledSumKernel[] = R"mlir(
func.func @scaled_sum(%a: memref<?xf32>, %scale: f32) -> f32
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %n = memref.dim %a, %c0 : memref<?xf32>
  %sum = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> f32 {
    %x = memref.load %a[%i] : memref<?xf32>
    %next = arith.addf %acc, %x : f32
    scf.yield %next : f32
  }
  %r = arith.mulf %sum, %scale : f32
  return %r : f32
}
)mlir";

// A contiguous float add loop: the vectorizer's easiest case.
constexpr char kContiguousAddKernel[] = R"mlir(
func.func @vadd(%a: memref<?xf32>, %b: memref<?xf32>, %out: memref<?xf32>)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %out, %c0 : memref<?xf32>
  scf.for %i = %c0 to %n step %c1 {
    %x = memref.load %a[%i] : memref<?xf32>
    %y = memref.load %b[%i] : memref<?xf32>
    %s = arith.addf %x, %y : f32
    memref.store %s, %out[%i] : memref<?xf32>
  }
  return
}
)mlir";

}  // namespace kiln::testing

#endif  // KILN_TESTS_CODEGEN_KERNELS_H_
