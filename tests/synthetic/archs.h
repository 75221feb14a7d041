/*
** archs.h — the synthetic architectures (netbuilder.h), one NULL-name-terminated table per file.
*/
#ifndef TFLC_TESTS_SYNTHETIC_ARCHS_H_
#define TFLC_TESTS_SYNTHETIC_ARCHS_H_

#include <stddef.h>

#include "netbuilder.h"

extern const nb_arch nb_archs_inception[]; /* archs_inception.c: inception_v1..v4, inception_resnet_v2 */
extern const nb_arch nb_archs_resnet[];    /* archs_resnet.c: resnet_v2_101 */
extern const nb_arch nb_archs_mobile[];    /* archs_mobile.c: MobileNet v1/v2, MnasNet, PoseNet */
extern const nb_arch nb_archs_cells[];     /* archs_cells.c: SqueezeNet, DenseNet, NASNet */

/* The architecture named `name` in any table, or NULL. */
const nb_arch *nb_find_arch(const char *name);
/* The i-th architecture of all tables in order (inception, resnet, mobile, cells), or NULL past the last. */
const nb_arch *nb_arch_at(int i);

#endif /* TFLC_TESTS_SYNTHETIC_ARCHS_H_ */
