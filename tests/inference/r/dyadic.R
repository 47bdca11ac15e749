# The dyadic model's terms built from their statnet definitions in base R, then glm().
# Usage: Rscript dyadic.R <folder>; reads <folder>/{directed,undirected}_ties.csv (n x n, no header),
# <folder>/advice.csv and <folder>/nodes.csv (sector, size); writes <folder>/results.csv.
args <- commandArgs(trailingOnly = TRUE)
folder <- args[1]
nodes <- read.csv(file.path(folder, "nodes.csv"), stringsAsFactors = FALSE)
advice <- as.matrix(read.csv(file.path(folder, "advice.csv"), header = FALSE))
n <- nrow(nodes)
levels <- sort(unique(nodes$sector))

fit <- function(ties, directed) {
  keep <- if (directed) row(ties) != col(ties) else row(ties) > col(ties)
  i <- row(ties)[keep]; j <- col(ties)[keep]
  s <- nodes$sector; z <- nodes$size
  x <- data.frame(tie = ties[keep])
  for (l in levels[-1]) x[[paste0("nodefactor.sector.", l)]] <- (s[i] == l) + (s[j] == l)
  for (l in levels) x[[paste0("nodematch.sector.", l)]] <- as.numeric(s[i] == l & s[j] == l)
  x[["nodecov.size"]] <- z[i] + z[j]
  x[["absdiff.size"]] <- abs(z[i] - z[j])
  x[["edgecov.advice"]] <- advice[keep]
  model <- glm(tie ~ ., data = x, family = binomial())
  table <- summary(model)$coefficients
  data.frame(model = if (directed) "directed" else "undirected",
             term = c("edges", rownames(table)[-1]), coef = table[, 1], se = table[, 2],
             aic = AIC(model), deviance = deviance(model))
}
directed <- as.matrix(read.csv(file.path(folder, "directed_ties.csv"), header = FALSE))
undirected <- as.matrix(read.csv(file.path(folder, "undirected_ties.csv"), header = FALSE))
write.csv(rbind(fit(directed, TRUE), fit(undirected, FALSE)), file.path(folder, "results.csv"), row.names = FALSE)
