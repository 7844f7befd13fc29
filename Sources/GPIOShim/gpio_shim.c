#include "gpio_shim.h"
#include <gpiod.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* libgpiod 1.x defines GPIOD_LINE_BULK_MAX_LINES; 2.x does not. */
#ifdef GPIOD_LINE_BULK_MAX_LINES
#define MI50FAN_GPIOD_V1 1
#endif

struct mi50fan_gpio_line {
    struct gpiod_chip *chip;
#ifdef MI50FAN_GPIOD_V1
    struct gpiod_line *line;
#else
    struct gpiod_line_request *request;
    unsigned int offset;
#endif
};

int mi50fan_gpio_api_version(void) {
#ifdef MI50FAN_GPIOD_V1
    return 1;
#else
    return 2;
#endif
}

mi50fan_gpio_line *mi50fan_gpio_open_output(const char *path, unsigned int offset, int initial, const char *consumer) {
    mi50fan_gpio_line *result = calloc(1, sizeof *result);
    if (!result) return NULL;
#ifdef MI50FAN_GPIOD_V1
    result->chip = gpiod_chip_open(path);
    if (!result->chip) goto fail;
    result->line = gpiod_chip_get_line(result->chip, offset);
    if (!result->line) goto fail;
    if (gpiod_line_request_output(result->line, consumer, initial ? 1 : 0) < 0) goto fail;
    return result;
fail: {
        int saved = errno;
        if (result->chip) gpiod_chip_close(result->chip);
        free(result);
        errno = saved;
        return NULL;
    }
#else
    struct gpiod_line_settings *settings = NULL;
    struct gpiod_line_config *config = NULL;
    struct gpiod_request_config *request_config = NULL;
    result->offset = offset;
    result->chip = gpiod_chip_open(path);
    if (!result->chip) goto fail;
    settings = gpiod_line_settings_new();
    config = gpiod_line_config_new();
    request_config = gpiod_request_config_new();
    if (!settings || !config || !request_config) goto fail;
    gpiod_line_settings_set_direction(settings, GPIOD_LINE_DIRECTION_OUTPUT);
    gpiod_line_settings_set_output_value(settings, initial ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE);
    if (gpiod_line_config_add_line_settings(config, &offset, 1, settings) < 0) goto fail;
    gpiod_request_config_set_consumer(request_config, consumer);
    result->request = gpiod_chip_request_lines(result->chip, request_config, config);
    if (!result->request) goto fail;
    gpiod_line_settings_free(settings);
    gpiod_line_config_free(config);
    gpiod_request_config_free(request_config);
    return result;
fail: {
        int saved = errno;
        if (settings) gpiod_line_settings_free(settings);
        if (config) gpiod_line_config_free(config);
        if (request_config) gpiod_request_config_free(request_config);
        if (result->chip) gpiod_chip_close(result->chip);
        free(result);
        errno = saved;
        return NULL;
    }
#endif
}

int mi50fan_gpio_set(mi50fan_gpio_line *line, int value) {
    if (!line) { errno = EINVAL; return -1; }
#ifdef MI50FAN_GPIOD_V1
    return gpiod_line_set_value(line->line, value ? 1 : 0);
#else
    return gpiod_line_request_set_value(line->request, line->offset,
                                        value ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE);
#endif
}

int mi50fan_gpio_get(mi50fan_gpio_line *line) {
    if (!line) { errno = EINVAL; return -1; }
#ifdef MI50FAN_GPIOD_V1
    return gpiod_line_get_value(line->line);
#else
    int value = gpiod_line_request_get_value(line->request, line->offset);
    return value == GPIOD_LINE_VALUE_ACTIVE ? 1 : (value == GPIOD_LINE_VALUE_INACTIVE ? 0 : -1);
#endif
}

void mi50fan_gpio_close(mi50fan_gpio_line *line) {
    if (!line) return;
#ifdef MI50FAN_GPIOD_V1
    if (line->line) gpiod_line_release(line->line);
#else
    if (line->request) gpiod_line_request_release(line->request);
#endif
    if (line->chip) gpiod_chip_close(line->chip);
    free(line);
}

int mi50fan_gpio_chip_info(const char *path, char *label, unsigned long size, unsigned int *lines) {
    struct gpiod_chip *chip = gpiod_chip_open(path);
    if (!chip) return -1;
#ifdef MI50FAN_GPIOD_V1
    strncpy(label, gpiod_chip_label(chip), size - 1);
    label[size - 1] = 0;
    *lines = gpiod_chip_num_lines(chip);
#else
    struct gpiod_chip_info *info = gpiod_chip_get_info(chip);
    if (!info) { int saved = errno; gpiod_chip_close(chip); errno = saved; return -1; }
    strncpy(label, gpiod_chip_info_get_label(info), size - 1);
    label[size - 1] = 0;
    *lines = (unsigned int)gpiod_chip_info_get_num_lines(info);
    gpiod_chip_info_free(info);
#endif
    gpiod_chip_close(chip);
    return 0;
}
