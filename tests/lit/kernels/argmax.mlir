// RUN: split-file %s %t
// RUN: kiln-opt --kiln-lower-kernels-to-linalg --mlir-print-local-scope %t/kernel.mlir | sed -e '1d' -e '$d' > %t/test.mlir
// RUN: cat %t/main.mlir >> %t/test.mlir
// RUN: kiln-opt --kiln-kernel-lowering %t/test.mlir \
// RUN:   | %mlir_cpu_runner -e main -entry-point-result=void \
// RUN:       -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN:   | FileCheck %s

// Tests ArgMax with the reference's rules, by hand: ties give the first
// index, NaN is skipped, a row of -inf gives 0 (the search starts from the
// lowest finite value); over a `?` dim (i64) and over dim 0 (i32).
// x = [[1, 5, 5, 2], [nan, 1, 3, 3], [-inf, -inf, -inf, -inf]]
// CHECK: sizes = [3]
// CHECK-NEXT: [1, 2, 0]
// CHECK: sizes = [4]
// CHECK-NEXT: [0, 0, 0, 1]

//--- kernel.mlir
func.func @fusion_0(%x: tensor<?x4xf32>) -> (tensor<?xi64>, tensor<4xi32>) {
  %one:2 = "kiln.Const"() {dtype = i32, value = dense<1> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
  %zero:2 = "kiln.Const"() {dtype = i64, value = dense<-2> : tensor<i64>} : () -> (tensor<i64>, !kiln.control)
  %i:2 = "kiln.ArgMax"(%x, %one#0) {output_type = i64} : (tensor<?x4xf32>, tensor<i32>) -> (tensor<?xi64>, !kiln.control)
  %j:2 = "kiln.ArgMax"(%x, %zero#0) {output_type = i32} : (tensor<?x4xf32>, tensor<i64>) -> (tensor<4xi32>, !kiln.control)
  return %i#0, %j#0 : tensor<?xi64>, tensor<4xi32>
}

//--- main.mlir
func.func private @printMemrefI64(memref<*xi64>) attributes {llvm.emit_c_interface}
func.func private @printMemrefI32(memref<*xi32>) attributes {llvm.emit_c_interface}
func.func @main() {
  %x = arith.constant dense<[[1.0, 5.0, 5.0, 2.0], [0x7FC00000, 1.0, 3.0, 3.0], [0xFF800000, 0xFF800000, 0xFF800000, 0xFF800000]]> : tensor<3x4xf32>
  %xd = tensor.cast %x : tensor<3x4xf32> to tensor<?x4xf32>
  %i = memref.alloc() : memref<3xi64>
  %id = memref.cast %i : memref<3xi64> to memref<?xi64>
  %j = memref.alloc() : memref<4xi32>
  call @fusion_0(%xd, %id, %j) : (tensor<?x4xf32>, memref<?xi64>, memref<4xi32>) -> ()
  %ui = memref.cast %i : memref<3xi64> to memref<*xi64>
  call @printMemrefI64(%ui) : (memref<*xi64>) -> ()
  %uj = memref.cast %j : memref<4xi32> to memref<*xi32>
  call @printMemrefI32(%uj) : (memref<*xi32>) -> ()
  return
}
