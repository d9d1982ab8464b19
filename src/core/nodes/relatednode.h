// One peer of a relationship: what a query returns for it (id, hfid, display label, kind and, when asked
// for, the edge's properties) and what a mutation needs to point at it (an id, or an hfid plus the kind
// when the relationship's peer is a generic).
#pragma once

#include "valuemetadata.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace infrahub {

struct RelatedNode {
    QString id;
    QStringList hfid;
    QString displayLabel;
    QString kind; // the peer's concrete kind (__typename)
    ValueMetadata properties;

    static RelatedNode fromId(QString id, QString kind = {});
    static RelatedNode fromHfid(QStringList hfid, QString kind = {});
    // A `node { id hfid display_label __typename }` object; unknown keys are ignored.
    static RelatedNode fromJson(const QJsonObject &node);

    // No way to point at a node: neither id nor hfid.
    bool isEmpty() const { return id.isEmpty() && hfid.isEmpty(); }
    // What identifies the peer when comparing peer lists: its id, else its kind and hfid.
    QString identity() const;
};

} // namespace infrahub
