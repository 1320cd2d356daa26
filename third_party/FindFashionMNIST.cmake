# Finds the Fashion-MNIST IDX files (Debian: dataset-fashion-mnist, in
# /usr/share/datasets/fashion-mnist). Sets FashionMNIST_FOUND, FASHION_MNIST_DIR
# (the folder holding all four .gz files) and FASHION_MNIST_FILES.
#
#   find_package(FashionMNIST)
#   if(FashionMNIST_FOUND)
#     target_compile_definitions(fashion_mlp PRIVATE
#       KILN_FASHION_MNIST_DIR="${FASHION_MNIST_DIR}")
#   endif()
#
# -DFASHION_MNIST_DIR=... or the environment variable FASHION_MNIST_DIR picks
# another copy.
include_guard(GLOBAL)

set(_kiln_fmnist_names
  train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz
  t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz)

find_path(FASHION_MNIST_DIR NAMES train-images-idx3-ubyte.gz
  HINTS ENV FASHION_MNIST_DIR
  PATHS /usr/share/datasets/fashion-mnist
  NO_DEFAULT_PATH)

set(FASHION_MNIST_FILES)
set(FashionMNIST_ALL_FOUR_FILES FALSE)
if(FASHION_MNIST_DIR)
  set(FashionMNIST_ALL_FOUR_FILES TRUE)
  foreach(name ${_kiln_fmnist_names})
    if(EXISTS "${FASHION_MNIST_DIR}/${name}")
      list(APPEND FASHION_MNIST_FILES "${FASHION_MNIST_DIR}/${name}")
    else()
      set(FashionMNIST_ALL_FOUR_FILES FALSE)
    endif()
  endforeach()
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(FashionMNIST
  REQUIRED_VARS FASHION_MNIST_DIR FashionMNIST_ALL_FOUR_FILES
  REASON_FAILURE_MESSAGE "need the four IDX .gz files (apt-get install dataset-fashion-mnist)")
