// libyaml, the C YAML parser (Debian: libyaml-dev), read without Foundation by ConfigReading.
#include <yaml.h>
