// Implemented by the arithmetic work (see mp_interval.hpp).
#include "arith/mp_interval.hpp"
