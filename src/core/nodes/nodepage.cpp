#include "nodepage.h"

#include "answererrors.h"

#include <QJsonArray>

#include <algorithm>

namespace infrahub {

Result<NodePage> NodePage::fromData(const QJsonObject &data, const QString &kind,
                                    std::shared_ptr<const SchemaSet> schema) {
    const QJsonValue root = data.value(kind);
    if (!root.isObject())
        return answererrors::rootMissing(kind, !root.isUndefined());
    const QJsonObject page = root.toObject();
    const QJsonValue edges = page.value(u"edges");
    if (!edges.isArray() && !edges.isUndefined())
        return answererrors::edgesNotList(kind);

    NodePage out;
    const QJsonArray edgeList = edges.toArray();
    out.nodes.reserve(edgeList.size());
    for (qsizetype i = 0; i < edgeList.size(); ++i) {
        const QJsonValue node = edgeList.at(i).toObject().value(u"node");
        if (!node.isObject())
            return answererrors::edgeWithoutNode(i, kind);
        Result<Node> parsed = Node::fromJson(node.toObject(), schema, kind);
        if (!parsed)
            return parsed.error();
        out.nodes.append(std::move(parsed.value()));
    }
    const QJsonValue count = page.value(u"count");
    out.count = count.isDouble() ? std::max(count.toInt(), int(out.nodes.size())) : int(out.nodes.size());
    return out;
}

Result<Node> NodePage::single(const QString &kind, const QString &lookup) const {
    if (nodes.isEmpty())
        return InfrahubError::make(InfrahubError::Kind::NotFound,
                                   QStringLiteral("No %1 found with %2.").arg(kind, lookup));
    if (nodes.size() > 1 || count > 1)
        return InfrahubError::make(InfrahubError::Kind::Validation,
                                   QStringLiteral("%1 %2 nodes match %3; expected exactly one.")
                                       .arg(std::max(count, int(nodes.size())))
                                       .arg(kind, lookup));
    return nodes.first();
}

} // namespace infrahub
