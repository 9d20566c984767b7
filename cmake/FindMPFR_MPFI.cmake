# Finds GMP, MPFR and MPFI (Debian: libgmp-dev, libmpfr-dev, libmpfi-dev) and defines
# the imported target gdcert::mpfi that links all three.
find_path(MPFI_INCLUDE_DIR mpfi.h)
find_path(MPFR_INCLUDE_DIR mpfr.h)
find_library(MPFI_LIBRARY mpfi)
find_library(MPFR_LIBRARY mpfr)
find_library(GMP_LIBRARY gmp)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(MPFR_MPFI REQUIRED_VARS
  MPFI_INCLUDE_DIR MPFR_INCLUDE_DIR MPFI_LIBRARY MPFR_LIBRARY GMP_LIBRARY)
if(MPFR_MPFI_FOUND AND NOT TARGET gdcert::mpfi)
  add_library(gdcert::mpfi INTERFACE IMPORTED)
  set_target_properties(gdcert::mpfi PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${MPFI_INCLUDE_DIR};${MPFR_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${MPFI_LIBRARY};${MPFR_LIBRARY};${GMP_LIBRARY}")
endif()
