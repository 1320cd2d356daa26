// RUN: split-file %s %t
// RUN: kiln-opt --kiln-lower-kernels-to-linalg --mlir-print-local-scope %t/kernel.mlir | sed -e '1d' -e '$d' > %t/test.mlir
// RUN: cat %t/main.mlir >> %t/test.mlir
// RUN: kiln-opt --kiln-kernel-lowering %t/test.mlir \
// RUN:   | %mlir_cpu_runner -e main -entry-point-result=void \
// RUN:       -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN:   | FileCheck %s

// Tests reductions: Sum over axis -1 with keep_dims, Mean over axis 0, and
// Max over axis 0 propagating NaN (as TensorFlow's Max does), by hand:
// x = [[1.5, -2, 4], [0.5, 3, -1]].
// CHECK: sizes = [2, 1]
// CHECK-NEXT: [3.5]
// CHECK-NEXT: [2.5]
// CHECK: sizes = [3]
// CHECK-NEXT: [1, 0.5, 1.5]
// CHECK: sizes = [3]
// CHECK-NEXT: [nan, 3, 4]

//--- kernel.mlir
func.func @fusion_0(%x: tensor<2x3xf32>, %y: tensor<2x3xf32>) -> (tensor<2x1xf32>, tensor<3xf32>, tensor<3xf32>) {
  %last:2 = "kiln.Const"() {dtype = i32, value = dense<-1> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
  %first:2 = "kiln.Const"() {dtype = i32, value = dense<[0]> : tensor<1xi32>} : () -> (tensor<1xi32>, !kiln.control)
  %s:2 = "kiln.Sum"(%x, %last#0) {keep_dims = true} : (tensor<2x3xf32>, tensor<i32>) -> (tensor<2x1xf32>, !kiln.control)
  %m:2 = "kiln.Mean"(%x, %first#0) {keep_dims = false} : (tensor<2x3xf32>, tensor<1xi32>) -> (tensor<3xf32>, !kiln.control)
  %x2:2 = "kiln.Max"(%y, %first#0) {keep_dims = false} : (tensor<2x3xf32>, tensor<1xi32>) -> (tensor<3xf32>, !kiln.control)
  return %s#0, %m#0, %x2#0 : tensor<2x1xf32>, tensor<3xf32>, tensor<3xf32>
}

//--- main.mlir
func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}
func.func @main() {
  %x = arith.constant dense<[[1.5, -2.0, 4.0], [0.5, 3.0, -1.0]]> : tensor<2x3xf32>
  %y = arith.constant dense<[[0x7FC00000, -2.0, 4.0], [0.5, 3.0, -1.0]]> : tensor<2x3xf32>
  %s = memref.alloc() : memref<2x1xf32>
  %m = memref.alloc() : memref<3xf32>
  %mx = memref.alloc() : memref<3xf32>
  call @fusion_0(%x, %y, %s, %m, %mx) : (tensor<2x3xf32>, tensor<2x3xf32>, memref<2x1xf32>, memref<3xf32>, memref<3xf32>) -> ()
  %us = memref.cast %s : memref<2x1xf32> to memref<*xf32>
  call @printMemrefF32(%us) : (memref<*xf32>) -> ()
  %um = memref.cast %m : memref<3xf32> to memref<*xf32>
  call @printMemrefF32(%um) : (memref<*xf32>) -> ()
  %ux = memref.cast %mx : memref<3xf32> to memref<*xf32>
  call @printMemrefF32(%ux) : (memref<*xf32>) -> ()
  return
}
