//===- ScalarBodies.cpp - Each elementwise op's semantics, once -----------===//
//
// The scalar bodies of the elementwise ops, written once per op and used
// by every linalg.generic that computes it. They follow runtime/reference
// (TensorFlow's CPU behaviour): integer arithmetic wraps, NaN propagates
// through Maximum/Minimum and stays NaN through Relu, float -> int casts
// follow x86's truncating conversion, and integer division never traps.
//
//===----------------------------------------------------------------------===//
#include "compiler/Kernels/KernelLowering.h"

#include <cmath>

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;

namespace kiln::compiler::kernels {
namespace {

using arith::CmpFPredicate;
using arith::CmpIPredicate;

// TensorFlow's SELU constants (nn_ops.h).
constexpr double kSeluScale = 1.0507009873554804934193349852946;
constexpr double kSeluAlpha = 1.6732632423543772848170429916717;

Value zero(OpBuilder &b, Location loc, Type type) {
  return scalarConstant(b, loc, type, 0.0);
}
Value one(OpBuilder &b, Location loc, Type type) {
  return scalarConstant(b, loc, type, 1.0);
}

/// x < 0 ? negative : positive, with NaN taking `positive` (ordered
/// compare), as the reference's `x < 0 ? ... : ...` does.
Value selectNegative(OpBuilder &b, Location loc, Value x, Value negative,
                     Value positive) {
  Value isNegative = b.create<arith::CmpFOp>(loc, CmpFPredicate::OLT, x,
                                             zero(b, loc, x.getType()));
  return b.create<arith::SelectOp>(loc, isNegative, negative, positive);
}

/// Integer division as the reference computes it: truncating; lowest / -1
/// wraps to lowest (x86 would trap); division by zero (an error there)
/// gives 0 here rather than SIGFPE.
Value integerDivide(OpBuilder &b, Location loc, Value x, Value y,
                    bool isUnsigned) {
  Type type = x.getType();
  Value zeroValue = zero(b, loc, type);
  Value oneValue = one(b, loc, type);
  Value isZero = b.create<arith::CmpIOp>(loc, CmpIPredicate::eq, y, zeroValue);
  if (isUnsigned) {
    Value safe = b.create<arith::SelectOp>(loc, isZero, oneValue, y);
    Value q = b.create<arith::DivUIOp>(loc, x, safe);
    return b.create<arith::SelectOp>(loc, isZero, zeroValue, q);
  }
  Value minusOne = scalarConstant(b, loc, type, -1.0);
  Value isMinusOne =
      b.create<arith::CmpIOp>(loc, CmpIPredicate::eq, y, minusOne);
  Value unsafe = b.create<arith::OrIOp>(loc, isZero, isMinusOne);
  Value safe = b.create<arith::SelectOp>(loc, unsafe, oneValue, y);
  Value q = b.create<arith::DivSIOp>(loc, x, safe);
  Value negated = b.create<arith::SubIOp>(loc, zeroValue, x);
  Value r = b.create<arith::SelectOp>(loc, isMinusOne, negated, q);
  return b.create<arith::SelectOp>(loc, isZero, zeroValue, r);
}

/// Integer power by squaring with wrapping (math.ipowi); ui8 goes through
/// i32, whose low 8 bits wrap the same way.
Value integerPower(OpBuilder &b, Location loc, Value x, Value y,
                   bool isUnsigned) {
  if (!isUnsigned)
    return b.create<math::IPowIOp>(loc, x, y);
  Type i32 = b.getI32Type();
  Value wx = b.create<arith::ExtUIOp>(loc, i32, x);
  Value wy = b.create<arith::ExtUIOp>(loc, i32, y);
  Value p = b.create<math::IPowIOp>(loc, wx, wy);
  return b.create<arith::TruncIOp>(loc, x.getType(), p);
}

/// x86's float -> int conversion (cvttss2si), TensorFlow's CPU Cast: NaN
/// and out-of-range values give the type's lowest. Narrower ints go
/// through i32, as the reference's static_cast does.
Value floatToInt(OpBuilder &b, Location loc, Value x, IntegerType to) {
  unsigned width = to.getWidth() == 64 ? 64 : 32;
  auto wide = b.getIntegerType(width);
  auto floatType = cast<FloatType>(x.getType());
  double lowest = -std::ldexp(1.0, width - 1);
  // trunc(x) < lowest is x <= lowest - 1 where that is a value of the
  // float type, else (no float between) x < lowest.
  llvm::APFloat below(lowest - 1.0);
  bool lossy = false;
  below.convert(floatType.getFloatSemantics(),
                llvm::APFloat::rmNearestTiesToEven, &lossy);
  Value tooLow =
      lossy ? b.create<arith::CmpFOp>(loc, CmpFPredicate::OLT, x,
                                      scalarConstant(b, loc, floatType, lowest))
                  .getResult()
            : b.create<arith::CmpFOp>(
                   loc, CmpFPredicate::OLE, x,
                   scalarConstant(b, loc, floatType, lowest - 1.0))
                  .getResult();
  Value tooHigh = b.create<arith::CmpFOp>(
      loc, CmpFPredicate::OGE, x, scalarConstant(b, loc, floatType, -lowest));
  Value isNan = b.create<arith::CmpFOp>(loc, CmpFPredicate::UNO, x, x);
  Value invalid = b.create<arith::OrIOp>(
      loc, isNan, b.create<arith::OrIOp>(loc, tooLow, tooHigh));
  Value converted = b.create<arith::FPToSIOp>(loc, wide, x);
  Value lowestInt = b.create<arith::ConstantOp>(
      loc, b.getIntegerAttr(wide, APInt::getSignedMinValue(width)));
  Value result = b.create<arith::SelectOp>(loc, invalid, lowestInt, converted);
  if (to.getWidth() < width)
    result = b.create<arith::TruncIOp>(loc, to, result);
  return result;
}

} // namespace

Value buildScalarCast(OpBuilder &b, Location loc, Value x, ElementInfo from,
                      ElementInfo to) {
  // 16-bit floats convert through float32, as TensorFlow's (Eigen's) casts
  // do; targets have no direct f64/integer <-> bf16 conversions.
  auto isHalf = [](Type t) { return t.isF16() || t.isBF16(); };
  if (from.type != to.type && !from.type.isF32() && !to.type.isF32() &&
      (isHalf(from.type) || isHalf(to.type))) {
    ElementInfo f32{b.getF32Type()};
    return buildScalarCast(b, loc, buildScalarCast(b, loc, x, from, f32), f32,
                           to);
  }
  if (from.type == to.type)
    return x;
  if (to.isBool()) {
    if (from.isFloat()) // any non-zero value, NaN included, is true
      return b.create<arith::CmpFOp>(loc, CmpFPredicate::UNE, x,
                                     zero(b, loc, from.type));
    return b.create<arith::CmpIOp>(loc, CmpIPredicate::ne, x,
                                   zero(b, loc, from.type));
  }
  bool fromUnsigned = from.isUnsigned || from.isBool();
  if (to.isFloat()) {
    if (from.isFloat()) {
      if (from.type.getIntOrFloatBitWidth() < to.type.getIntOrFloatBitWidth())
        return b.create<arith::ExtFOp>(loc, to.type, x);
      return b.create<arith::TruncFOp>(loc, to.type, x);
    }
    if (fromUnsigned)
      return b.create<arith::UIToFPOp>(loc, to.type, x);
    return b.create<arith::SIToFPOp>(loc, to.type, x);
  }
  auto toInt = cast<IntegerType>(to.type);
  if (from.isFloat())
    return floatToInt(b, loc, x, toInt);
  unsigned fromWidth = from.type.getIntOrFloatBitWidth();
  if (fromWidth < toInt.getWidth()) {
    if (fromUnsigned)
      return b.create<arith::ExtUIOp>(loc, toInt, x);
    return b.create<arith::ExtSIOp>(loc, toInt, x);
  }
  return b.create<arith::TruncIOp>(loc, toInt, x);
}

FailureOr<Value> buildScalarOp(OpBuilder &b, Location loc, StringRef opName,
                               ValueRange args, ElementInfo in,
                               ElementInfo out) {
  Value x = args.empty() ? Value() : args[0];
  Type type = in.type;
  bool isFloat = in.isFloat();
  bool isUnsigned = in.isUnsigned || in.isBool();

  // Floating-only math (the op table gives them float types only).
  if (isFloat) {
    if (opName == "Sqrt")
      return b.create<math::SqrtOp>(loc, x).getResult();
    if (opName == "Rsqrt")
      return b
          .create<arith::DivFOp>(loc, one(b, loc, type),
                                 b.create<math::SqrtOp>(loc, x))
          .getResult();
    if (opName == "Exp")
      return b.create<math::ExpOp>(loc, x).getResult();
    if (opName == "Log")
      return b.create<math::LogOp>(loc, x).getResult();
    if (opName == "Tanh")
      return b.create<math::TanhOp>(loc, x).getResult();
    if (opName == "Sigmoid") {
      // 1 / (1 + e^-x), as e^x / (1 + e^x) for x < 0 so that e^-x cannot
      // overflow where the reference (in f64) still gets a tiny value.
      Value e = b.create<math::ExpOp>(
          loc, b.create<arith::NegFOp>(loc, b.create<math::AbsFOp>(loc, x)));
      Value d = b.create<arith::AddFOp>(loc, one(b, loc, type), e);
      Value positive = b.create<arith::DivFOp>(loc, one(b, loc, type), d);
      Value negative = b.create<arith::DivFOp>(loc, e, d);
      return selectNegative(b, loc, x, negative, positive);
    }
    if (opName == "Elu") // x < 0 ? e^x - 1 : x
      return selectNegative(b, loc, x, b.create<math::ExpM1Op>(loc, x), x);
    if (opName == "Selu") {
      Value negative = b.create<arith::MulFOp>(
          loc, scalarConstant(b, loc, type, kSeluScale * kSeluAlpha),
          b.create<math::ExpM1Op>(loc, x));
      Value positive = b.create<arith::MulFOp>(
          loc, scalarConstant(b, loc, type, kSeluScale), x);
      return selectNegative(b, loc, x, negative, positive);
    }
    if (opName == "Softplus") {
      // log(1 + e^x) without overflow: x > 0 ? x + log1p(e^-x)
      //                                      : log1p(e^x).
      Value big = b.create<arith::AddFOp>(
          loc, x,
          b.create<math::Log1pOp>(
              loc,
              b.create<math::ExpOp>(loc, b.create<arith::NegFOp>(loc, x))));
      Value small = b.create<math::Log1pOp>(loc, b.create<math::ExpOp>(loc, x));
      Value positive = b.create<arith::CmpFOp>(loc, CmpFPredicate::OGT, x,
                                               zero(b, loc, type));
      return b.create<arith::SelectOp>(loc, positive, big, small).getResult();
    }
  }

  if (opName == "Identity" || opName == "StopGradient")
    return x;
  if (opName == "Neg")
    return isFloat ? b.create<arith::NegFOp>(loc, x).getResult()
                   : b.create<arith::SubIOp>(loc, zero(b, loc, type), x)
                         .getResult();
  if (opName == "Square")
    return isFloat ? b.create<arith::MulFOp>(loc, x, x).getResult()
                   : b.create<arith::MulIOp>(loc, x, x).getResult();
  if (opName == "Relu") {
    if (isFloat) // NaN stays NaN, as std::max(x, 0) keeps it
      return selectNegative(b, loc, x, zero(b, loc, type), x);
    if (isUnsigned)
      return x;
    return b.create<arith::MaxSIOp>(loc, x, zero(b, loc, type)).getResult();
  }
  if (opName == "Relu6") {
    Value six = scalarConstant(b, loc, type, 6.0);
    if (isFloat) { // NaN fails both comparisons and stays NaN
      Value relu = selectNegative(b, loc, x, zero(b, loc, type), x);
      Value above =
          b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, relu, six);
      return b.create<arith::SelectOp>(loc, above, six, relu).getResult();
    }
    if (isUnsigned)
      return b.create<arith::MinUIOp>(loc, x, six).getResult();
    Value relu = b.create<arith::MaxSIOp>(loc, x, zero(b, loc, type));
    return b.create<arith::MinSIOp>(loc, relu, six).getResult();
  }
  if (opName == "ZerosLike")
    return zero(b, loc, out.type);
  if (opName == "OnesLike")
    return one(b, loc, out.type);
  if (opName == "Cast")
    return buildScalarCast(b, loc, x, in, out);
  if (opName == "Select" || opName == "SelectV2")
    return b.create<arith::SelectOp>(loc, args[0], args[1], args[2])
        .getResult();

  if (args.size() != 2)
    return failure();
  Value y = args[1];
  if (opName == "Equal" || opName == "Greater" || opName == "Less") {
    if (isFloat) {
      auto predicate = llvm::StringSwitch<CmpFPredicate>(opName)
                           .Case("Equal", CmpFPredicate::OEQ)
                           .Case("Greater", CmpFPredicate::OGT)
                           .Default(CmpFPredicate::OLT);
      return b.create<arith::CmpFOp>(loc, predicate, x, y).getResult();
    }
    auto predicate =
        llvm::StringSwitch<CmpIPredicate>(opName)
            .Case("Equal", CmpIPredicate::eq)
            .Case("Greater",
                  isUnsigned ? CmpIPredicate::ugt : CmpIPredicate::sgt)
            .Default(isUnsigned ? CmpIPredicate::ult : CmpIPredicate::slt);
    return b.create<arith::CmpIOp>(loc, predicate, x, y).getResult();
  }
  if (in.isBool())
    return failure();
  if (opName == "AddV2" || opName == "BiasAdd")
    return isFloat ? b.create<arith::AddFOp>(loc, x, y).getResult()
                   : b.create<arith::AddIOp>(loc, x, y).getResult();
  if (opName == "Sub")
    return isFloat ? b.create<arith::SubFOp>(loc, x, y).getResult()
                   : b.create<arith::SubIOp>(loc, x, y).getResult();
  if (opName == "Mul")
    return isFloat ? b.create<arith::MulFOp>(loc, x, y).getResult()
                   : b.create<arith::MulIOp>(loc, x, y).getResult();
  if (opName == "RealDiv")
    return isFloat ? b.create<arith::DivFOp>(loc, x, y).getResult()
                   : integerDivide(b, loc, x, y, isUnsigned);
  if (opName == "Maximum") { // NaN propagates
    if (isFloat)
      return b.create<arith::MaximumFOp>(loc, x, y).getResult();
    return isUnsigned ? b.create<arith::MaxUIOp>(loc, x, y).getResult()
                      : b.create<arith::MaxSIOp>(loc, x, y).getResult();
  }
  if (opName == "Minimum") {
    if (isFloat)
      return b.create<arith::MinimumFOp>(loc, x, y).getResult();
    return isUnsigned ? b.create<arith::MinUIOp>(loc, x, y).getResult()
                      : b.create<arith::MinSIOp>(loc, x, y).getResult();
  }
  if (opName == "Pow")
    return isFloat ? b.create<math::PowFOp>(loc, x, y).getResult()
                   : integerPower(b, loc, x, y, isUnsigned);
  return failure();
}

} // namespace kiln::compiler::kernels
