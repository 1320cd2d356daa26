// RUN: split-file %s %t
// RUN: kiln-opt --kiln-lower-kernels-to-linalg --mlir-print-local-scope %t/kernel.mlir | sed -e '1d' -e '$d' > %t/test.mlir
// RUN: cat %t/main.mlir >> %t/test.mlir
// RUN: kiln-opt --kiln-kernel-lowering %t/test.mlir \
// RUN:   | %mlir_cpu_runner -e main -entry-point-result=void \
// RUN:       -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN:   | FileCheck %s

// Tests that tanh(x + b) with b broadcast over rows matches NumPy's f64
// values rounded to the 6 digits printed (0.53704957 -> 0.53705, ...): the
// polynomial tanh is as good as libm's here.
// CHECK: sizes = [2, 3]
// CHECK-NEXT: {{\[}}[0.53705, -0.664037, 0.935409],
// CHECK-NEXT: [-0.993963, 0.421899, -0.291313]]

//--- kernel.mlir
func.func @fusion_0(%x: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %s:2 = "kiln.AddV2"(%x, %b) : (tensor<2x3xf32>, tensor<3xf32>) -> (tensor<2x3xf32>, !kiln.control)
  %t:2 = "kiln.Tanh"(%s#0) : (tensor<2x3xf32>) -> (tensor<2x3xf32>, !kiln.control)
  return %t#0 : tensor<2x3xf32>
}

//--- main.mlir
func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}
func.func @main() {
  %x = arith.constant dense<[[0.5, -1.0, 2.0], [-3.0, 0.25, 0.0]]> : tensor<2x3xf32>
  %b = arith.constant dense<[0.1, 0.2, -0.3]> : tensor<3xf32>
  %out = memref.alloc() : memref<2x3xf32>
  call @fusion_0(%x, %b, %out) : (tensor<2x3xf32>, tensor<3xf32>, memref<2x3xf32>) -> ()
  %u = memref.cast %out : memref<2x3xf32> to memref<*xf32>
  call @printMemrefF32(%u) : (memref<*xf32>) -> ()
  return
}
