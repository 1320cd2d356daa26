// The source datasets: tensor slices, ranges, generators.
#include "frontend/data/dataset.h"
#include "frontend/data/element_util.h"

namespace kiln {
namespace data {
namespace {

class SlicesIterator : public Iterator {
 public:
  explicit SlicesIterator(std::vector<Tensor> components)
      : components_(std::move(components)) {}
  StatusOr<std::optional<Element>> Next() override {
    const int64_t rows = components_.empty() || components_[0].dims() == 0
                             ? 0
                             : components_[0].dim_size(0);
    if (next_ >= rows) return std::optional<Element>();
    Element e;
    for (const Tensor& t : components_) {
      if (t.dims() == 0 || t.dim_size(0) != rows) {
        return InvalidArgument(
            "from_tensor_slices: components differ in dim 0 (" +
            std::to_string(rows) + " vs " + t.shape().ToString() + ")");
      }
      KILN_ASSIGN_OR_RETURN(Tensor row, RowOf(t, next_));
      e.push_back(std::move(row));
    }
    ++next_;
    return std::optional<Element>(std::move(e));
  }

 private:
  std::vector<Tensor> components_;
  int64_t next_ = 0;
};

class RangeIterator : public Iterator {
 public:
  RangeIterator(int64_t start, int64_t stop, int64_t step)
      : next_(start), stop_(stop), step_(step) {}
  StatusOr<std::optional<Element>> Next() override {
    if (step_ == 0) return InvalidArgument("range: step must not be 0");
    if ((step_ > 0 && next_ >= stop_) || (step_ < 0 && next_ <= stop_)) {
      return std::optional<Element>();
    }
    KILN_ASSIGN_OR_RETURN(Tensor v, Tensor::Scalar<int64_t>(next_));
    next_ += step_;
    return std::optional<Element>(Element{v});
  }

 private:
  int64_t next_, stop_, step_;
};

class GeneratorIterator : public Iterator {
 public:
  explicit GeneratorIterator(Dataset::Generator g) : generator_(std::move(g)) {}
  StatusOr<std::optional<Element>> Next() override {
    StatusOr<std::optional<Element>> e =
        CatchExceptions([&] { return generator_(); });
    if (!e.ok()) return AtElement(e.status(), "from_generator", index_);
    ++index_;
    return e;
  }

 private:
  Dataset::Generator generator_;
  int64_t index_ = 0;
};

}  // namespace

Dataset Dataset::FromTensorSlices(std::vector<Tensor> components) {
  return Dataset([components](int64_t) {
    return std::make_unique<SlicesIterator>(components);
  });
}

Dataset Dataset::FromTensorSlices(
    std::vector<std::pair<std::string, Tensor>> named) {
  std::vector<Tensor> components;
  std::vector<std::string> names;
  for (auto& [name, tensor] : named) {
    names.push_back(name);
    components.push_back(std::move(tensor));
  }
  return Dataset(FromTensorSlices(std::move(components)).factory_,
                 std::move(names));
}

Dataset Dataset::Range(int64_t start, int64_t stop, int64_t step) {
  return Dataset([=](int64_t) {
    return std::make_unique<RangeIterator>(start, stop, step);
  });
}

Dataset Dataset::FromGenerator(std::function<Generator()> make) {
  return Dataset([make](int64_t) {
    StatusOr<Generator> g =
        CatchExceptions([&]() -> StatusOr<Generator> { return make(); });
    if (!g.ok()) {
      // The error surfaces at the first Next.
      Status s = g.status();
      return std::make_unique<GeneratorIterator>(
          [s]() -> StatusOr<std::optional<Element>> { return s; });
    }
    return std::make_unique<GeneratorIterator>(*std::move(g));
  });
}

std::unique_ptr<Iterator> Dataset::MakeIterator(int64_t epoch) const {
  return factory_(epoch);
}

StatusOr<size_t> Dataset::ComponentIndex(const std::string& name) const {
  std::string known;
  for (size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return i;
    known += (i ? ", " : "") + names_[i];
  }
  return NotFound("dataset has no component '" + name + "' (components: " +
                  (known.empty() ? "unnamed" : known) + ")");
}

}  // namespace data
}  // namespace kiln
