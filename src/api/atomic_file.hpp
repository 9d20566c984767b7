// TEMPORARY shim on the batch branch until src/api owns atomic_file (the api refactor moves it).
#pragma once
#include "cli/atomic_file.hpp"
