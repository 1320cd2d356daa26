// RUN: split-file %s %t
// RUN: kiln-opt --kiln-lower-kernels-to-linalg --mlir-print-local-scope %t/kernel.mlir | sed -e '1d' -e '$d' > %t/test.mlir
// RUN: cat %t/main.mlir >> %t/test.mlir
// RUN: kiln-opt --kiln-kernel-lowering %t/test.mlir \
// RUN:   | %mlir_cpu_runner -e main -entry-point-result=void \
// RUN:       -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN:   | FileCheck %s

// Tests that a softmax kernel over a `?` batch dim computes
// e^(x - max) / sum(e^(x - max)) per row (NumPy's f64 values rounded to the 6
// digits printed; a huge logit gives exactly one, not NaN).
// CHECK: sizes = [2, 4]
// CHECK-NEXT: {{\[}}[0.0320586, 0.0871443, 0.236883, 0.643914],
// CHECK-NEXT: [0, 0, 0, 1]]

//--- kernel.mlir
func.func @fusion_0(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %axis:2 = "kiln.Const"() {dtype = i32, value = dense<-1> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
  %m:2 = "kiln.Max"(%x, %axis#0) {keep_dims = true} : (tensor<?x4xf32>, tensor<i32>) -> (tensor<?x1xf32>, !kiln.control)
  %d:2 = "kiln.Sub"(%x, %m#0) : (tensor<?x4xf32>, tensor<?x1xf32>) -> (tensor<?x4xf32>, !kiln.control)
  %e:2 = "kiln.Exp"(%d#0) : (tensor<?x4xf32>) -> (tensor<?x4xf32>, !kiln.control)
  %s:2 = "kiln.Sum"(%e#0, %axis#0) {keep_dims = true} : (tensor<?x4xf32>, tensor<i32>) -> (tensor<?x1xf32>, !kiln.control)
  %y:2 = "kiln.RealDiv"(%e#0, %s#0) : (tensor<?x4xf32>, tensor<?x1xf32>) -> (tensor<?x4xf32>, !kiln.control)
  return %y#0 : tensor<?x4xf32>
}

//--- main.mlir
func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}
func.func @main() {
  %x = arith.constant dense<[[1.0, 2.0, 3.0, 4.0], [-1.0, 0.0, 1.0, 1000.0]]> : tensor<2x4xf32>
  %xd = tensor.cast %x : tensor<2x4xf32> to tensor<?x4xf32>
  %out = memref.alloc() : memref<2x4xf32>
  %outd = memref.cast %out : memref<2x4xf32> to memref<?x4xf32>
  call @fusion_0(%xd, %outd) : (tensor<?x4xf32>, memref<?x4xf32>) -> ()
  %u = memref.cast %out : memref<2x4xf32> to memref<*xf32>
  call @printMemrefF32(%u) : (memref<*xf32>) -> ()
  return
}
