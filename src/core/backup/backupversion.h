// One stored version of a device's configuration: the commit that stored it.
#pragma once

#include <QDateTime>
#include <QString>

namespace infrahub {

struct BackupVersion {
    QString commitId; // full hex id; any prefix of 7+ characters also works where a commit is asked for
    QDateTime time;   // when it was committed (UTC)
    QString message;  // the commit's first line ("backup: atl1-edge1 (cisco_ios)", "backup run ...")
    qint64 size = 0;  // bytes of this version
};

} // namespace infrahub
