// RUN: split-file %s %t
// RUN: kiln-opt --kiln-lower-kernels-to-linalg --mlir-print-local-scope %t/kernel.mlir | sed -e '1d' -e '$d' > %t/test.mlir
// RUN: cat %t/main.mlir >> %t/test.mlir
// RUN: kiln-opt --kiln-kernel-lowering %t/test.mlir \
// RUN:   | %mlir_cpu_runner -e main -entry-point-result=void \
// RUN:       -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN:   | FileCheck %s

// Tests integer semantics, by hand: RealDiv truncates, lowest / -1 wraps
// and / 0 gives 0 instead of SIGFPE; ui8 divides unsigned (200 / 3 = 66);
// an i32 Mean truncates ((-7 + 2) / 2 = -2); f32 -> i32 casts truncate and
// send NaN and out-of-range values to the lowest i32 (x86's rule).
// CHECK: sizes = [6]
// CHECK-NEXT: [3, -3, -3, 3, -2147483648, 0]
// CHECK: sizes = [3]
// CHECK-NEXT: [66, 0, 127]
// CHECK: sizes = [2]
// CHECK-NEXT: [-2, 1]
// CHECK: sizes = [6]
// CHECK-NEXT: [-2147483648, -2147483648, -2, -2147483648, 2147483520, 1000000000]

//--- kernel.mlir
func.func @fusion_0(%x: tensor<6xi32>, %y: tensor<6xi32>, %a: tensor<3xui8>, %b: tensor<3xui8>, %m: tensor<2x2xi32>, %f: tensor<6xf32>) -> (tensor<6xi32>, tensor<3xi32>, tensor<2xi32>, tensor<6xi32>) {
  %d:2 = "kiln.RealDiv"(%x, %y) : (tensor<6xi32>, tensor<6xi32>) -> (tensor<6xi32>, !kiln.control)
  %u:2 = "kiln.RealDiv"(%a, %b) : (tensor<3xui8>, tensor<3xui8>) -> (tensor<3xui8>, !kiln.control)
  %c:2 = "kiln.Cast"(%u#0) {DstT = i32, Truncate = false} : (tensor<3xui8>) -> (tensor<3xi32>, !kiln.control)
  %axis:2 = "kiln.Const"() {dtype = i32, value = dense<1> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
  %mean:2 = "kiln.Mean"(%m, %axis#0) {keep_dims = false} : (tensor<2x2xi32>, tensor<i32>) -> (tensor<2xi32>, !kiln.control)
  %i:2 = "kiln.Cast"(%f) {DstT = i32, Truncate = false} : (tensor<6xf32>) -> (tensor<6xi32>, !kiln.control)
  return %d#0, %c#0, %mean#0, %i#0 : tensor<6xi32>, tensor<3xi32>, tensor<2xi32>, tensor<6xi32>
}

//--- main.mlir
func.func private @printMemrefI32(memref<*xi32>) attributes {llvm.emit_c_interface}
func.func @main() {
  %x = arith.constant dense<[7, -7, 7, -7, -2147483648, 5]> : tensor<6xi32>
  %y = arith.constant dense<[2, 2, -2, -2, -1, 0]> : tensor<6xi32>
  %a = arith.constant dense<[-56, 7, -1]> : tensor<3xi8>
  %b = arith.constant dense<[3, 0, 2]> : tensor<3xi8>
  %m = arith.constant dense<[[-7, 2], [1, 1]]> : tensor<2x2xi32>
  %f = arith.constant dense<[0x7FC00000, 3.0e9, -2.7, -3.0e9, 2147483520.0, 1.0e9]> : tensor<6xf32>
  %o1 = memref.alloc() : memref<6xi32>
  %o2 = memref.alloc() : memref<3xi32>
  %o3 = memref.alloc() : memref<2xi32>
  %o4 = memref.alloc() : memref<6xi32>
  call @fusion_0(%x, %y, %a, %b, %m, %f, %o1, %o2, %o3, %o4) : (tensor<6xi32>, tensor<6xi32>, tensor<3xi8>, tensor<3xi8>, tensor<2x2xi32>, tensor<6xf32>, memref<6xi32>, memref<3xi32>, memref<2xi32>, memref<6xi32>) -> ()
  %u1 = memref.cast %o1 : memref<6xi32> to memref<*xi32>
  call @printMemrefI32(%u1) : (memref<*xi32>) -> ()
  %u2 = memref.cast %o2 : memref<3xi32> to memref<*xi32>
  call @printMemrefI32(%u2) : (memref<*xi32>) -> ()
  %u3 = memref.cast %o3 : memref<2xi32> to memref<*xi32>
  call @printMemrefI32(%u3) : (memref<*xi32>) -> ()
  %u4 = memref.cast %o4 : memref<6xi32> to memref<*xi32>
  call @printMemrefI32(%u4) : (memref<*xi32>) -> ()
  return
}
