#include "relatednode.h"

#include <QJsonArray>

namespace infrahub {

RelatedNode RelatedNode::fromId(QString id, QString kind) {
    RelatedNode n;
    n.id = std::move(id);
    n.kind = std::move(kind);
    return n;
}

RelatedNode RelatedNode::fromHfid(QStringList hfid, QString kind) {
    RelatedNode n;
    n.hfid = std::move(hfid);
    n.kind = std::move(kind);
    return n;
}

RelatedNode RelatedNode::fromJson(const QJsonObject &node) {
    RelatedNode n;
    n.id = node.value(u"id").toString();
    for (const QJsonValue &part : node.value(u"hfid").toArray())
        n.hfid.append(part.toString());
    n.displayLabel = node.value(u"display_label").toString();
    n.kind = node.value(u"__typename").toString();
    return n;
}

QString RelatedNode::identity() const {
    if (!id.isEmpty())
        return id;
    // \x1f cannot appear in a kind name, so different (kind, hfid) pairs never collide.
    return kind + QChar(0x1f) + hfid.join(QChar(0x1f));
}

} // namespace infrahub
