// RUN: split-file %s %t
// RUN: kiln-opt --kiln-lower-kernels-to-linalg --mlir-print-local-scope %t/kernel.mlir | sed -e '1d' -e '$d' > %t/test.mlir
// RUN: cat %t/main.mlir >> %t/test.mlir
// RUN: kiln-opt --kiln-kernel-lowering %t/test.mlir \
// RUN:   | %mlir_cpu_runner -e main -entry-point-result=void \
// RUN:       -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN:   | FileCheck %s

// Tests, by hand: integer Pow wraps (31^31 mod 2^32 = -2010103841, 0^0 =
// 1); f32 -> ui8 goes through i32 (300.7 -> 300 -> 44, -1.5 -> -1 -> 255,
// NaN and 3e10 -> lowest i32 -> 0); OneHot on the last axis (index -1
// matches nothing); Transpose.
// CHECK: [1, 1, 27, 3125, -2010103841]
// CHECK: [44, 255, 0, 255, 0]
// CHECK: {{\[}}[-1, -1, 5, -1],
// CHECK-NEXT: [-1, -1, -1, -1],
// CHECK-NEXT: [-1, -1, -1, 5]]
// CHECK: {{\[}}[1, 4],
// CHECK-NEXT: [2, 5],
// CHECK-NEXT: [3, 6]]

//--- kernel.mlir
func.func @fusion_0(%x: tensor<5xi32>, %f: tensor<5xf32>, %i: tensor<3xi64>, %t: tensor<2x3xf32>) -> (tensor<5xi32>, tensor<5xi32>, tensor<3x4xf32>, tensor<3x2xf32>) {
  %p:2 = "kiln.Pow"(%x, %x) : (tensor<5xi32>, tensor<5xi32>) -> (tensor<5xi32>, !kiln.control)
  %c:2 = "kiln.Cast"(%f) {DstT = ui8, Truncate = false} : (tensor<5xf32>) -> (tensor<5xui8>, !kiln.control)
  %w:2 = "kiln.Cast"(%c#0) {DstT = i32, Truncate = false} : (tensor<5xui8>) -> (tensor<5xi32>, !kiln.control)
  %d:2 = "kiln.Const"() {dtype = i32, value = dense<4> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
  %on:2 = "kiln.Const"() {dtype = f32, value = dense<5.0> : tensor<f32>} : () -> (tensor<f32>, !kiln.control)
  %off:2 = "kiln.Const"() {dtype = f32, value = dense<-1.0> : tensor<f32>} : () -> (tensor<f32>, !kiln.control)
  %o:2 = "kiln.OneHot"(%i, %d#0, %on#0, %off#0) {axis = -1 : i64} : (tensor<3xi64>, tensor<i32>, tensor<f32>, tensor<f32>) -> (tensor<3x4xf32>, !kiln.control)
  %perm:2 = "kiln.Const"() {dtype = i32, value = dense<[1, 0]> : tensor<2xi32>} : () -> (tensor<2xi32>, !kiln.control)
  %tr:2 = "kiln.Transpose"(%t, %perm#0) : (tensor<2x3xf32>, tensor<2xi32>) -> (tensor<3x2xf32>, !kiln.control)
  return %p#0, %w#0, %o#0, %tr#0 : tensor<5xi32>, tensor<5xi32>, tensor<3x4xf32>, tensor<3x2xf32>
}

//--- main.mlir
func.func private @printMemrefI32(memref<*xi32>) attributes {llvm.emit_c_interface}
func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}
func.func @main() {
  %x = arith.constant dense<[0, 1, 3, 5, 31]> : tensor<5xi32>
  %f = arith.constant dense<[300.7, -1.5, 0x7FC00000, 255.9, 3.0e10]> : tensor<5xf32>
  %i = arith.constant dense<[2, -1, 3]> : tensor<3xi64>
  %t = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %o1 = memref.alloc() : memref<5xi32>
  %o2 = memref.alloc() : memref<5xi32>
  %o3 = memref.alloc() : memref<3x4xf32>
  %o4 = memref.alloc() : memref<3x2xf32>
  call @fusion_0(%x, %f, %i, %t, %o1, %o2, %o3, %o4) : (tensor<5xi32>, tensor<5xf32>, tensor<3xi64>, tensor<2x3xf32>, memref<5xi32>, memref<5xi32>, memref<3x4xf32>, memref<3x2xf32>) -> ()
  %u1 = memref.cast %o1 : memref<5xi32> to memref<*xi32>
  call @printMemrefI32(%u1) : (memref<*xi32>) -> ()
  %u2 = memref.cast %o2 : memref<5xi32> to memref<*xi32>
  call @printMemrefI32(%u2) : (memref<*xi32>) -> ()
  %u3 = memref.cast %o3 : memref<3x4xf32> to memref<*xf32>
  call @printMemrefF32(%u3) : (memref<*xf32>) -> ()
  %u4 = memref.cast %o4 : memref<3x2xf32> to memref<*xf32>
  call @printMemrefF32(%u4) : (memref<*xf32>) -> ()
  return
}
