// A spin box as the settings forms use them: a range, a starting value and an optional unit suffix.
#pragma once

#include <QSpinBox>
#include <QString>

inline QSpinBox *makeSpinBox(int min, int max, int value, const QString &suffix = {}) {
    auto *box = new QSpinBox;
    box->setRange(min, max);
    box->setValue(value);
    box->setSuffix(suffix);
    return box;
}
