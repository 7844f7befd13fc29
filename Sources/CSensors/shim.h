#include <sensors/sensors.h>
#include <sensors/error.h>
