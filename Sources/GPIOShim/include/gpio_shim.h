#ifndef MI50FAN_GPIO_SHIM_H
#define MI50FAN_GPIO_SHIM_H

/* One requested output line, the same over libgpiod 1.6 and 2.x. */
typedef struct mi50fan_gpio_line mi50fan_gpio_line;

/* Opens the chip at `path` (e.g. /dev/gpiochip0) and requests `offset` as an output at
   `initial` (0 or 1) for `consumer`. Returns NULL with errno set on failure. The chip stays
   open while the line is held. */
mi50fan_gpio_line *mi50fan_gpio_open_output(const char *path, unsigned int offset, int initial, const char *consumer);

/* Sets the line to 0 or 1. Returns 0, or -1 with errno set. */
int mi50fan_gpio_set(mi50fan_gpio_line *line, int value);

/* Reads the line back. Returns 0 or 1, or -1 with errno set. */
int mi50fan_gpio_get(mi50fan_gpio_line *line);

/* Releases the line and closes the chip. */
void mi50fan_gpio_close(mi50fan_gpio_line *line);

/* The chip's label into `label` (size `size`) and its line count; 0, or -1 with errno set. */
int mi50fan_gpio_chip_info(const char *path, char *label, unsigned long size, unsigned int *lines);

/* The libgpiod major version this was built against (1 or 2). */
int mi50fan_gpio_api_version(void);

#endif
