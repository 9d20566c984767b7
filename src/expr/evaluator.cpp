#include "expr/program.hpp"
