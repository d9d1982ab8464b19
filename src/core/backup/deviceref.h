// Which device a backup belongs to, and the file its configuration is kept in. The file name is readable
// and safe on every file system: the device name with anything but letters, digits, '.', '-' and '_'
// replaced by '_', cut to 60 characters, then '_' and 8 hex digits of a SHA-1 of the Infrahub id (of the
// name when there is no id), then ".cfg": "atl1-edge1_3f2a9c1b.cfg". The suffix keeps two devices whose
// names sanitise alike ("core/1" and "core:1", or "Core1" and "core1" on a case-insensitive disk) apart, and
// the name is stable for as long as the device keeps its id and name. A renamed device starts a new file;
// its old history stays readable under the old one.
#pragma once

#include <QString>

namespace infrahub {

struct DeviceRef {
    QString name; // the device's name in Infrahub (what people see)
    QString id;   // its Infrahub id; may be empty (a device given only by name)
    // The file it is kept in, when known from the store's records rather than from the name and id: records
    // rebuilt from the git history (after the state file was lost) know the file but not the Infrahub id.
    QString storedAs = {};

    QString fileName() const; // storedAs, else made from the name and id as described above
    QString label() const { return name.isEmpty() ? id : name; }

    static QString extension() { return QStringLiteral(".cfg"); }
    // The readable part of a file name: see above.
    static QString sanitise(const QString &name);
    // The readable part of `fileName` (the sanitised name): what can be shown for a file no record names.
    static QString nameFromFileName(const QString &fileName);
};

} // namespace infrahub
