// A device whose configuration differs between two commits, with the difference.
#pragma once

#include "configdiff.h"

#include <QString>

namespace infrahub {

struct DeviceChange {
    enum class Kind {
        Added,    // first copy of the device
        Modified, // its configuration changed
        Removed,  // its file is gone (only when someone deleted it in git)
    };
    Kind kind = Kind::Modified;
    QString fileName;
    QString deviceName; // from the store's records; the readable part of the file name when they have none
    QString deviceId;   // empty when unknown
    ConfigDiff diff;
};

} // namespace infrahub
