# FindKilnCUDA: the CUDA driver API header (cuda.h), for runtime/cuda/.
# Nothing is linked: the runtime loads libcuda.so.1 with dlopen at run time,
# so a build with CUDA runs on machines without a driver or a GPU.
#   KilnCUDA_FOUND, KILN_CUDA_INCLUDE_DIR
# Looks in $CUDA_HOME/include, /usr/local/cuda/include and the system.
find_path(KILN_CUDA_INCLUDE_DIR cuda.h
  HINTS $ENV{CUDA_HOME}/include /usr/local/cuda/include)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(KilnCUDA REQUIRED_VARS KILN_CUDA_INCLUDE_DIR)
mark_as_advanced(KILN_CUDA_INCLUDE_DIR)
